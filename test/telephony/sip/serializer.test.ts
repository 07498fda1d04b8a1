import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { packageRoot } from '../../../src/shared/paths.js';
import {
  formatStartLine,
  parseMessage,
  parseUri,
  type SipMessage,
  serializeMessage,
  type WireRequest,
} from '../../../src/telephony/sip/index.js';
import { parseOk, request, wire } from './helpers.js';
import { INVITE, OK_200, OPTIONS } from './samples.js';

const RFC4475 = join(packageRoot, '..', 'shared', 'conformance', 'rfc4475');

/**
 * Everything parsed, headers as name/value pairs, the body as bytes; Content-Length apart, as
 * the serializer writes it from the body (adding it where a datagram had none).
 */
function fieldsOf(m: SipMessage): unknown {
  const { headers, body, contentLength: _, ...rest } = m;
  return {
    ...rest,
    headers: headers.filter((h) => h.name !== 'Content-Length').map((h) => [h.name, h.value]),
    body: [...body],
  };
}

function roundTrip(bytes: Buffer): void {
  const first = parseOk(bytes);
  const wireBytes = serializeMessage(first);
  const second = parseOk(wireBytes);
  assert.deepEqual(fieldsOf(second), fieldsOf(first));
  assert.equal(second.contentLength, first.body.length);
  // Canonical: serializing again changes nothing.
  assert.deepEqual(serializeMessage(second), wireBytes);
}

describe('serializeMessage: parse → serialize → parse', () => {
  for (const [name, bytes] of Object.entries({ INVITE, OK_200, OPTIONS })) {
    test(name, () => roundTrip(bytes));
  }
  test('the typical messages come back byte for byte', () => {
    for (const bytes of [INVITE, OK_200, OPTIONS]) assert.deepEqual(serializeMessage(parseOk(bytes)), bytes);
  });
  for (const file of readdirSync(RFC4475).filter((f) => f.endsWith('.dat'))) {
    const bytes = readFileSync(join(RFC4475, file));
    if (!parseMessage(bytes, { transport: 'udp' }).ok) continue;
    test(`RFC 4475 ${file}`, () => roundTrip(bytes));
  }
});

describe('serializeMessage: canonical form', () => {
  test('long names, unfolded values, Content-Length from the body', () => {
    const m = parseOk(
      'OPTIONS sip:b@example.com SIP/2.0\nv: SIP/2.0/UDP h.example.com\n ;branch=z9hG4bK1\nt: <sip:b@example.com>\nf: <sip:a@example.com>;tag=1\ni: x@y\nCSEQ: 1 OPTIONS\nl: 00\ns:\n\n',
    );
    assert.equal(
      serializeMessage(m).toString(),
      'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com ;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\nSubject:\r\n\r\n',
    );
  });

  test('Content-Length is rewritten in place or appended', () => {
    const base: WireRequest = {
      kind: 'request',
      method: 'MESSAGE',
      requestUri: parseUri('sip:bob@example.com'),
      headers: [
        { name: 'content-length', value: '999' },
        { name: 'Content-Type', value: 'text/plain' },
      ],
      body: Buffer.from('héllo'),
    };
    assert.equal(
      serializeMessage(base).toString(),
      'MESSAGE sip:bob@example.com SIP/2.0\r\nContent-Length: 6\r\nContent-Type: text/plain\r\n\r\nhéllo',
    );
    const appended = serializeMessage({ ...base, headers: [] }).toString();
    assert.ok(appended.endsWith('Content-Length: 6\r\n\r\nhéllo'));
  });

  test('refuses header injection', () => {
    const base = parseOk(request()) as WireRequest;
    assert.throws(
      () => serializeMessage({ ...base, headers: [{ name: 'Subject', value: 'x\r\nVia: evil' }] }),
      RangeError,
    );
    assert.throws(
      () => serializeMessage({ ...base, headers: [{ name: 'Bad Name', value: 'x' }] }),
      RangeError,
    );
    assert.throws(() => serializeMessage({ ...base, method: 'INVITE sip:x SIP/2.0\r\n' }), RangeError);
    assert.throws(
      () =>
        serializeMessage({
          kind: 'response',
          status: 200,
          reason: 'OK\r\nX: y',
          headers: [],
          body: Buffer.alloc(0),
        }),
      RangeError,
    );
  });

  test('formatStartLine', () => {
    assert.equal(formatStartLine(parseOk(wire(request()))), 'OPTIONS sip:bob@example.com SIP/2.0');
    assert.equal(
      formatStartLine({
        kind: 'response',
        status: 404,
        reason: 'Not Found',
        headers: [],
        body: Buffer.alloc(0),
      }),
      'SIP/2.0 404 Not Found',
    );
  });
});
