import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_SIP_LIMITS,
  headerValue,
  headerValues,
  parseMessage,
  sipLimits,
} from '../../../src/telephony/sip/index.js';
import { parseFails, parseOk, parseRequest, parseResponse, request, wire } from './helpers.js';
import { INVITE, OK_200, OPTIONS } from './samples.js';

describe('parseMessage: typical messages', () => {
  test('an INVITE with SDP', () => {
    const r = parseRequest(INVITE);
    assert.equal(r.method, 'INVITE');
    assert.equal(r.requestUri.kind === 'sip' && r.requestUri.user, '4001');
    assert.equal(r.from.displayName, 'Zhang Wei');
    assert.equal(r.from.tag, '1928301774');
    assert.equal(r.to.tag, undefined);
    assert.deepEqual(r.cseq, { seq: 314159, method: 'INVITE' });
    assert.equal(r.maxForwards, 70);
    assert.deepEqual(r.allow, ['INVITE', 'ACK', 'CANCEL', 'OPTIONS', 'BYE', 'REFER', 'NOTIFY', 'INFO']);
    assert.deepEqual(r.supported, ['replaces', 'timer']);
    assert.equal(r.body.length, r.contentLength);
    assert.ok(r.body.toString().startsWith('v=0\r\n'));
    assert.equal(headerValue(r, 'user-agent'), 'Hotline-Bench/1.0');
  });

  test('a 200 OK with two Vias and a Record-Route', () => {
    const r = parseResponse(OK_200);
    assert.equal(r.status, 200);
    assert.equal(r.reason, 'OK');
    assert.equal(r.via.length, 2);
    assert.equal(r.via[0]?.received, '192.0.2.20');
    assert.equal(r.recordRoute.length, 1);
    assert.equal(r.to.tag, 'a6c85cf');
    assert.equal(r.maxForwards, undefined);
  });

  test('an OPTIONS', () => {
    const r = parseRequest(OPTIONS);
    assert.equal(r.body.length, 0);
    assert.equal(r.requestUri.kind === 'sip' && r.requestUri.user, undefined);
  });

  test('works on a Uint8Array that is not a Buffer', () => {
    const bytes = new Uint8Array(OPTIONS);
    const result = parseMessage(bytes, { transport: 'udp' });
    assert.ok(result.ok);
  });
});

describe('header fields (§7.3)', () => {
  test('compact forms expanded, names case-insensitive, canonical spelling', () => {
    const m = parseOk(
      'OPTIONS sip:b@example.com SIP/2.0\nv: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\nMAX-FORWARDS: 70\nt: <sip:b@example.com>\nF: <sip:a@example.com>;tag=1\ni: x@y\ncseq: 1 OPTIONS\nK: 100rel\nx-custom: 1\nl: 0\n\n',
    );
    assert.deepEqual(
      m.headers.map((h) => h.name),
      ['Via', 'Max-Forwards', 'To', 'From', 'Call-ID', 'CSeq', 'Supported', 'x-custom', 'Content-Length'],
    );
    assert.deepEqual(headerValues(m, 'X-CUSTOM'), ['1']);
    assert.deepEqual(headerValues(m, 'k'), ['100rel']);
  });

  test('folded lines are joined with one SP (§7.3.1)', () => {
    const m = parseOk(request({ Subject: 'first\n  second\n\tthird' }));
    assert.equal(headerValue(m, 'Subject'), 'first second third');
    const v = parseOk(request({ Via: 'SIP/2.0/UDP\n host.example.com\n ;branch=z9hG4bKabc' }));
    assert.equal(v.via[0]?.branch, 'z9hG4bKabc');
  });

  test('whitespace before the colon and empty values', () => {
    const m = parseOk(request({}, 'Subject  :\nX-Empty:\n'));
    assert.equal(headerValue(m, 'Subject'), '');
    assert.equal(headerValue(m, 'X-Empty'), '');
  });

  test('multi-valued fields spread over several lines are collected in order', () => {
    const m = parseOk(
      request(
        { Via: 'SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2' },
        'Via: SIP/2.0/TCP c.example.com;branch=z9hG4bK3\nRoute: <sip:r1@x.com;lr>\nRoute: <sip:r2@x.com;lr>, <sip:r3@x.com;lr>\nSupported: a\nSupported: b, c\n',
      ),
    );
    assert.deepEqual(
      m.via.map((v) => v.host),
      ['a.example.com', 'b.example.com', 'c.example.com'],
    );
    assert.equal(m.route.length, 3);
    assert.deepEqual(m.supported, ['a', 'b', 'c']);
  });

  const refused: [string, string, string | undefined][] = [
    [request({}, 'No colon here\n'), 'BadHeaderLine', undefined],
    [request({}, 'Bad Name: x\n'), 'BadHeaderLine', undefined],
    [request({}, ': x\n'), 'BadHeaderLine', undefined],
    [request().replace('\n', '\n folded onto the start line\n'), 'BadHeaderLine', undefined],
    [request({ 'Call-ID': null }), 'MissingHeader', 'Call-ID'],
    [request({ Via: null }), 'MissingHeader', 'Via'],
    [request({ From: null }), 'MissingHeader', 'From'],
    [request({ To: null }), 'MissingHeader', 'To'],
    [request({ CSeq: null }), 'MissingHeader', 'CSeq'],
    [request({}, 'To: <sip:x@y.com>\n'), 'DuplicateHeader', 'To'],
    [request({}, 'Max-Forwards: 70\n'), 'DuplicateHeader', 'Max-Forwards'],
    [request({}, 'l: 0\n'), 'DuplicateHeader', 'Content-Length'],
    [request({}, 'Content-Type: a/b\nc: a/b\n'), 'DuplicateHeader', 'Content-Type'],
    [request({ CSeq: '1 INVITE' }), 'CSeqMethodMismatch', undefined],
    [request({ 'Max-Forwards': '256' }), 'BadHeaderValue', 'Max-Forwards'],
    [request({}, 'Expires: 4294967296\n'), 'BadHeaderValue', 'Expires'],
    [request({}, 'Contact: <sip:a@b.com>;;\n'), 'BadHeaderValue', 'Contact'],
    [request({}, 'Require: \n'), 'BadHeaderValue', 'Require'],
    [request({}, 'Record-Route: sip:a@b.com\n'), 'BadHeaderValue', 'Record-Route'],
    [request({}, 'X-Bell: ring\x07\n'), 'BadHeaderValue', 'X-Bell'],
    [request({}, 'X-Nul: a\x00b\n'), 'BadHeaderValue', 'X-Nul'],
  ];
  for (const [text, code, header] of refused) {
    test(`refuses with ${code}${header ? ` (${header})` : ''}: ${JSON.stringify(text.split('\n').find((l, i) => i > 0 && !request().includes(l)) ?? text.slice(0, 30))}`, () => {
      const f = parseFails(text);
      assert.equal(f.error.code, code);
      assert.equal(f.error.header, header);
    });
  }

  test('control characters are allowed as quoted-pairs in a quoted string', () => {
    const m = parseOk(request({ To: '"a\\\x07b" <sip:bob@example.com>' }));
    assert.equal(m.to.displayName, 'a\x07b');
  });

  test('bare CR or LF in the header section is refused', () => {
    const lf = Buffer.from(
      request().replace(/\n/g, '\r\n').replace('Max-Forwards: 70\r\n', 'Max-Forwards: 70\n'),
    );
    assert.equal(parseFails(lf).error.code, 'BadLineEnding');
    const cr = Buffer.from(
      request().replace(/\n/g, '\r\n').replace('Max-Forwards: 70', 'Max-Forwards: 7\r0'),
    );
    assert.equal(parseFails(cr).error.code, 'BadLineEnding');
  });

  test('a header section that is not UTF-8 is refused', () => {
    const bytes = Buffer.concat([
      wire(request({ Subject: 'x' })).subarray(0, 20),
      Buffer.from([0xff, 0xfe]),
      wire(request()).subarray(20),
    ]);
    assert.equal(parseFails(bytes).error.code, 'InvalidUtf8');
  });

  test('Max-Forwards is optional unless asked for', () => {
    assert.equal(parseRequest(request({ 'Max-Forwards': null })).maxForwards, undefined);
    const f = parseFails(request({ 'Max-Forwards': null }), { transport: 'udp', requireMaxForwards: true });
    assert.deepEqual([f.error.code, f.error.header], ['MissingHeader', 'Max-Forwards']);
  });
});

describe('start lines (§7.1, §7.2)', () => {
  const refused: [string, string, number][] = [
    ['OPTIONS  sip:bob@example.com SIP/2.0', 'BadStartLine', 400],
    ['OPTIONS sip:bob@example.com SIP/2.0 ', 'BadStartLine', 400],
    ['OPTIONS sip:bob@example.com', 'BadStartLine', 400],
    ['OPTIONS\tsip:bob@example.com\tSIP/2.0', 'BadStartLine', 400],
    ['OPT(ONS sip:bob@example.com SIP/2.0', 'BadStartLine', 400],
    ['OPTIONS sip:bob@example.com HTTP/1.1', 'BadStartLine', 400],
    ['OPTIONS sip:bob@example.com SIP/2', 'BadStartLine', 400],
    ['OPTIONS sip:bob@example.com SIP/3.0', 'VersionNotSupported', 505],
    ['OPTIONS sip:bob@example.com SIP/2.1', 'VersionNotSupported', 505],
    ['OPTIONS <sip:bob@example.com> SIP/2.0', 'BadRequestUri', 400],
    ['OPTIONS sip:bob@example.com?Subject=x SIP/2.0', 'BadRequestUri', 400],
    ['OPTIONS sip:bob@exa%mple.com SIP/2.0', 'BadRequestUri', 400],
    ['OPTIONS mailto:bob@example.com SIP/2.0', 'UnsupportedUriScheme', 416],
    [`OPTIONS sip:${'b'.repeat(3000)}@example.com SIP/2.0`, 'UriTooLong', 414],
  ];
  for (const [line, code, status] of refused) {
    test(`${JSON.stringify(line.slice(0, 48))} → ${status} ${code}`, () => {
      const f = parseFails(request({}, '', line));
      assert.deepEqual([f.error.code, f.error.status], [code, status]);
    });
  }

  test('sip/2.0 in lower case is SIP/2.0; tel and sips Request-URIs are served', () => {
    parseRequest(request({}, '', 'OPTIONS sip:bob@example.com sip/2.0'));
    parseRequest(request({}, '', 'OPTIONS tel:+8613800138000 SIP/2.0'));
    parseRequest(request({}, '', 'OPTIONS sips:bob@example.com SIP/2.0'));
  });

  test('requestUriSchemes widens or narrows what is served', () => {
    const urn = request({}, '', 'OPTIONS urn:service:sos SIP/2.0');
    assert.equal(parseFails(urn).error.code, 'UnsupportedUriScheme');
    assert.ok(parseMessage(wire(urn), { transport: 'udp', requestUriSchemes: 'any' }).ok);
    assert.ok(parseMessage(wire(urn), { transport: 'udp', requestUriSchemes: ['urn'] }).ok);
    const tel = request({}, '', 'OPTIONS tel:+1234 SIP/2.0');
    assert.equal(parseFails(tel, { transport: 'udp', requestUriSchemes: ['sip'] }).error.status, 416);
  });

  test('extension methods are tokens, case-sensitive', () => {
    const r = parseRequest(request({ CSeq: '1 publish' }, '', 'publish sip:bob@example.com SIP/2.0'));
    assert.equal(r.method, 'publish');
    assert.equal(
      parseFails(request({ CSeq: '1 PUBLISH' }, '', 'publish sip:bob@example.com SIP/2.0')).error.code,
      'CSeqMethodMismatch',
    );
  });

  const response = (line: string) => request({ 'Max-Forwards': null }, '', line);
  test('status lines', () => {
    assert.equal(parseResponse(response('SIP/2.0 180 Ringing')).status, 180);
    assert.equal(parseResponse(response('SIP/2.0 699 ')).reason, '');
    assert.equal(
      parseResponse(response('SIP/2.0 100')).reason,
      '',
      'a missing SP before an empty reason is tolerated',
    );
    assert.equal(parseResponse(response('SIP/2.0 486 Occupé, vraiment')).reason, 'Occupé, vraiment');
    for (const bad of [
      'SIP/2.0 99 Low',
      'SIP/2.0 700 High',
      'SIP/2.0 2000 OK',
      'SIP/2.0 20 OK',
      'SIP/2.0 OK',
      'SIP/2.0 4294967301 x',
    ]) {
      assert.equal(parseFails(response(bad)).error.code, 'BadStatusCode', bad);
    }
    assert.equal(parseFails(response('SIP/3.0 200 OK')).error.code, 'VersionNotSupported');
    assert.equal(parseFails(response('SIP/2.0 200 O\x01K')).error.code, 'BadStartLine');
  });
});

describe('bodies and Content-Length (§18.3, §20.14)', () => {
  const withBody = (length: string | null, body: string) =>
    wire(request({ 'Content-Length': length, 'Content-Type': 'text/plain' })).toString() + body;

  test('datagram: the body is Content-Length bytes, the excess discarded', () => {
    const m = parseOk(Buffer.from(withBody('5', 'hello world')));
    assert.equal(m.body.toString(), 'hello');
  });

  test('datagram: without Content-Length the body runs to the end', () => {
    const m = parseOk(Buffer.from(withBody(null, 'hello world')));
    assert.equal(m.body.toString(), 'hello world');
    assert.equal(m.contentLength, undefined);
  });

  test('datagram: a claim larger than what arrived is refused with 400', () => {
    const f = parseFails(Buffer.from(withBody('60000', 'tiny')));
    assert.deepEqual([f.error.code, f.error.status], ['ContentLengthExceedsMessage', 400]);
  });

  test('a claim beyond the message limit never becomes a number to allocate from', () => {
    const f = parseFails(Buffer.from(withBody('99999999999999999999999', 'tiny')));
    assert.deepEqual([f.error.code, f.error.header], ['BadHeaderValue', 'Content-Length']);
  });

  test('stream: Content-Length is mandatory and must match what was framed', () => {
    const tcp = { transport: 'tcp' } as const;
    assert.equal(parseOk(Buffer.from(withBody('5', 'hello')), tcp).body.toString(), 'hello');
    assert.equal(parseFails(Buffer.from(withBody(null, 'hello')), tcp).error.code, 'MissingContentLength');
    assert.equal(
      parseFails(Buffer.from(withBody('5', 'hello!')), { transport: 'stream' }).error.code,
      'ContentLengthMismatch',
    );
  });

  test('the body is binary-safe and shares memory with the input', () => {
    const body = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 9]);
    const bytes = Buffer.concat([wire(request({ 'Content-Length': String(body.length) })), body]);
    const m = parseOk(bytes);
    assert.deepEqual([...m.body], [...body]);
    assert.equal(m.body.buffer, bytes.buffer);
  });

  test('leading CRLFs are skipped (§7.5); nothing but CRLF is an empty message', () => {
    parseOk(Buffer.concat([Buffer.from('\r\n\r\n'), wire(request())]));
    assert.equal(parseFails(Buffer.from('\r\n\r\n')).error.code, 'EmptyMessage');
    assert.equal(parseFails(Buffer.alloc(0)).error.code, 'EmptyMessage');
  });

  test('no empty line after the header fields', () => {
    const text = wire(request()).toString().replace(/\r\n$/, '');
    assert.equal(parseFails(Buffer.from(text)).error.code, 'MissingEmptyLine');
    assert.equal(parseFails(Buffer.from(text.replace(/\r\n$/, ''))).error.code, 'MissingEmptyLine');
  });
});

describe('limits', () => {
  const limits = sipLimits({
    maxMessageBytes: 2000,
    maxHeaderFields: 20,
    maxLineLength: 300,
    maxHeaderValueLength: 400,
    maxViaValues: 3,
    maxUriLength: 100,
  });
  const parse = (text: string) => parseMessage(wire(text), { transport: 'udp', limits });
  const code = (text: string) => {
    const r = parse(text);
    return r.ok ? 'ok' : r.error.code;
  };

  test('defaults are sane and overridable', () => {
    assert.equal(DEFAULT_SIP_LIMITS.maxMessageBytes, 65535);
    assert.throws(() => sipLimits({ maxHeaderFields: 0 }), RangeError);
    assert.equal(code(request()), 'ok');
  });

  test('message size', () => {
    assert.equal(code(request({}, `X-Pad: ${'p'.repeat(250)}\n`.repeat(8))), 'MessageTooLarge');
  });
  test('header count', () => {
    assert.equal(code(request({}, 'X-A: 1\n'.repeat(13))), 'ok');
    assert.equal(code(request({}, 'X-A: 1\n'.repeat(14))), 'TooManyHeaders');
  });
  test('line length', () => {
    assert.equal(code(request({}, `X-Long: ${'a'.repeat(301)}\n`)), 'LineTooLong');
    assert.equal(code(request({}, '', `OPTIONS sip:${'a'.repeat(300)}@example.com SIP/2.0`)), 'LineTooLong');
  });
  test('unfolded value length', () => {
    assert.equal(
      code(request({}, `X-Folded: ${'a'.repeat(200)}\n ${'b'.repeat(200)}\n`)),
      'HeaderValueTooLong',
    );
  });
  test('Via values', () => {
    assert.equal(code(request({}, 'Via: SIP/2.0/UDP b.example.com, SIP/2.0/UDP c.example.com\n')), 'ok');
    assert.equal(
      code(
        request(
          {},
          'Via: SIP/2.0/UDP b.example.com, SIP/2.0/UDP c.example.com\nv: SIP/2.0/UDP d.example.com\n',
        ),
      ),
      'TooManyVias',
    );
  });
  test('URI length', () => {
    assert.equal(code(request({}, '', `OPTIONS sip:${'a'.repeat(100)}@example.com SIP/2.0`)), 'UriTooLong');
    const r = parse(request({ To: `<sip:${'a'.repeat(100)}@example.com>` }));
    assert.ok(!r.ok && r.error.code === 'BadHeaderValue' && r.error.header === 'To');
  });
  test('a refusal over a limit still salvages what it can to answer', () => {
    const r = parse(request({}, 'X-A: 1\n'.repeat(14)));
    assert.ok(!r.ok && r.partial?.cseq?.value === '1 OPTIONS' && r.partial.via.length === 1);
  });
});
