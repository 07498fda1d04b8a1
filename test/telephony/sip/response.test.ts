import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildResponse,
  errorResponseFor,
  headerValue,
  headerValues,
  parseMessage,
  reasonPhrase,
  serializeMessage,
  tooManyHopsResponse,
} from '../../../src/telephony/sip/index.js';
import { parseFails, parseRequest, parseResponse, request, wire } from './helpers.js';
import { INVITE } from './samples.js';

describe('buildResponse (§8.2.6)', () => {
  const invite = parseRequest(
    request(
      {
        Via: 'SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/UDP ua.example.com;branch=z9hG4bK0',
        CSeq: '7 INVITE',
      },
      'Via: SIP/2.0/TCP first.example.com;branch=z9hG4bKz\nRecord-Route: <sip:p1.example.com;lr>\nTimestamp: 54\n',
      'INVITE sip:bob@example.com SIP/2.0',
    ),
  );

  test('copies Via in order, From, Call-ID, CSeq; adds a To tag', () => {
    const res = buildResponse(invite, 486, undefined, { toTag: 'abc' });
    assert.equal(res.reason, 'Busy Here');
    assert.deepEqual(headerValues(res, 'Via'), headerValues(invite, 'Via'));
    assert.equal(headerValue(res, 'To'), '<sip:bob@example.com>;tag=abc');
    for (const name of ['From', 'Call-ID', 'CSeq'])
      assert.equal(headerValue(res, name), headerValue(invite, name));
    assert.equal(headerValue(res, 'Record-Route'), undefined);
    assert.equal(headerValue(res, 'Timestamp'), undefined);
    assert.equal(headerValue(res, 'Content-Length'), '0');
  });

  test('the response parses, and matches the request', () => {
    const res = parseResponse(serializeMessage(buildResponse(invite, 200, 'OK', { copyRecordRoute: true })));
    assert.equal(res.via.length, 3);
    assert.equal(res.via[0]?.branch, 'z9hG4bK1');
    assert.deepEqual(res.cseq, invite.cseq);
    assert.ok(res.to.tag !== undefined && res.to.tag.length >= 8);
    assert.equal(res.recordRoute.length, 1);
  });

  test('100 Trying: no To tag, Timestamp copied (§8.2.6.1)', () => {
    const res = buildResponse(invite, 100);
    assert.equal(headerValue(res, 'To'), '<sip:bob@example.com>');
    assert.equal(headerValue(res, 'Timestamp'), '54');
  });

  test('a To that has a tag is copied as it is', () => {
    const inDialog = parseRequest(request({ To: '<sip:bob@example.com>;tag=xyz' }));
    assert.equal(headerValue(buildResponse(inDialog, 200), 'To'), '<sip:bob@example.com>;tag=xyz');
  });

  test('extra headers and a body', () => {
    const res = buildResponse(parseRequest(INVITE), 200, 'OK', {
      headers: [
        { name: 'Contact', value: '<sip:4001@192.0.2.30>' },
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: Buffer.from('v=0\r\n'),
    });
    const back = parseResponse(serializeMessage(res));
    assert.equal(back.body.toString(), 'v=0\r\n');
    assert.equal(back.contentLength, 5);
    assert.equal(back.contact.length, 1);
  });

  test('refuses impossible status codes', () => {
    assert.throws(() => buildResponse(invite, 99), RangeError);
    assert.throws(() => buildResponse(invite, 700), RangeError);
    assert.equal(reasonPhrase(499), 'Client Error');
  });

  test('tooManyHopsResponse: 483 only when Max-Forwards is 0 (§16.3)', () => {
    assert.equal(tooManyHopsResponse(invite), undefined);
    const zero = parseRequest(request({ 'Max-Forwards': '0' }));
    assert.equal(tooManyHopsResponse(zero)?.status, 483);
    assert.equal(tooManyHopsResponse(parseRequest(request({ 'Max-Forwards': null }))), undefined);
  });
});

describe('errorResponseFor', () => {
  test('400 with the reason, copies, and a stable To tag (§8.2.7)', () => {
    const text = request({ CSeq: '99999999999 OPTIONS' });
    const a = errorResponseFor(parseFails(text));
    const b = errorResponseFor(parseFails(text));
    assert.ok(a !== null && b !== null);
    assert.deepEqual([a.status, a.reason], [400, 'Invalid CSeq']);
    assert.equal(headerValue(a, 'CSeq'), '99999999999 OPTIONS');
    assert.match(headerValue(a, 'To') ?? '', /^<sip:bob@example.com>;tag=[0-9a-f]{16}$/);
    assert.equal(headerValue(a, 'To'), headerValue(b, 'To'));
    const other = errorResponseFor(parseFails(request({ CSeq: '99999999999 OPTIONS', 'Call-ID': 'other' })));
    assert.notEqual(headerValue(other!, 'To'), headerValue(a, 'To'));
  });

  test('505 and 416 keep their status', () => {
    assert.equal(
      errorResponseFor(parseFails(request({}, '', 'OPTIONS sip:bob@example.com SIP/3.0')))?.status,
      505,
    );
    assert.equal(
      errorResponseFor(parseFails(request({}, '', 'OPTIONS im:bob@example.com SIP/2.0')))?.status,
      416,
    );
  });

  test('nothing for responses, ACKs, or requests without Via or CSeq', () => {
    assert.equal(
      errorResponseFor(
        parseFails(request({ CSeq: 'x OPTIONS', 'Max-Forwards': null }, '', 'SIP/2.0 200 OK')),
      ),
      null,
    );
    assert.equal(
      errorResponseFor(
        parseFails(request({ CSeq: '1 ACK', To: '"bad' }, '', 'ACK sip:bob@example.com SIP/2.0')),
      ),
      null,
    );
    assert.equal(errorResponseFor(parseFails(request({ Via: null }))), null);
    assert.equal(errorResponseFor(parseFails(request({ CSeq: null }))), null);
    assert.equal(errorResponseFor(parseFails(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x0d, 0x0a]))), null);
  });

  test('never echoes a value carrying control characters', () => {
    const res = errorResponseFor(
      parseFails(request({ From: '<sip:alice@example.com>;tag=1\x07', 'Call-ID': 'c\x00d' })),
    );
    assert.ok(res !== null);
    assert.equal(headerValue(res, 'From'), undefined);
    assert.equal(headerValue(res, 'Call-ID'), undefined);
    serializeMessage(res);
  });

  test('a bare LF cannot smuggle a line into the answer', () => {
    const bytes = Buffer.from(
      wire(request()).toString().replace('Call-ID: c1@example.com', 'Call-ID: c1@example.com\nX-Evil: 1'),
    );
    const res = errorResponseFor(parseFails(bytes));
    assert.ok(res !== null);
    const text = serializeMessage(res).toString();
    assert.ok(!text.includes('X-Evil'));
    assert.ok(parseMessage(Buffer.from(text), { transport: 'udp' }).ok);
  });
});
