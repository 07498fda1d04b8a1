import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  mediaTypeEssence,
  parseCallId,
  parseContentLength,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
  SipSyntaxError,
} from '../../../src/telephony/sip/index.js';

const refuses = (fn: () => unknown) => assert.throws(fn, SipSyntaxError);

describe('CSeq (§20.16, §8.1.1.5)', () => {
  test('number and method, leading zeros, LWS', () => {
    assert.deepEqual(parseCSeq('4711 INVITE'), { seq: 4711, method: 'INVITE' });
    assert.deepEqual(parseCSeq('0009 \t INVITE '), { seq: 9, method: 'INVITE' });
    assert.deepEqual(parseCSeq('2147483647 NEWMETHOD'), { seq: 2 ** 31 - 1, method: 'NEWMETHOD' });
  });
  test('refuses out of range and malformed values', () => {
    for (const v of [
      '2147483648 INVITE',
      '36893488147419103232 REGISTER',
      'INVITE',
      '1',
      '1INVITE',
      '-1 INVITE',
      '1 INV ITE',
      '1 INVITE;x',
      '',
    ]) {
      refuses(() => parseCSeq(v));
    }
  });
});

describe('Max-Forwards, Content-Length, Expires', () => {
  test('Max-Forwards 0..255', () => {
    assert.equal(parseMaxForwards('0068'), 68);
    assert.equal(parseMaxForwards('0'), 0);
    assert.equal(parseMaxForwards('255'), 255);
    for (const v of ['256', '300', '-1', '', '7 0', '1e2']) refuses(() => parseMaxForwards(v));
  });
  test('Content-Length up to the limit given', () => {
    assert.equal(parseContentLength(' 150 ', 65535), 150);
    assert.equal(parseContentLength('0', 65535), 0);
    for (const v of ['-999', '65536', '99999999999999999999', '', '1 2', '0x10'])
      refuses(() => parseContentLength(v, 65535));
    assert.equal(parseContentLength('65536'), 65536);
    refuses(() => parseContentLength('2147483648'));
  });
  test('Expires 0..2^32-1', () => {
    assert.equal(parseExpires('3600'), 3600);
    assert.equal(parseExpires('4294967295'), 2 ** 32 - 1);
    for (const v of ['4294967296', '1'.padEnd(101, '0'), 'Thu, 01 Dec 1994 16:00:00 GMT', ''])
      refuses(() => parseExpires(v));
  });
});

describe('Call-ID (§20.8)', () => {
  test('word ["@" word]', () => {
    assert.equal(
      parseCallId('f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com'),
      'f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com',
    );
    assert.equal(
      parseCallId('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{'),
      'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{',
    );
    for (const v of ['', 'a@b@c', '@b', 'a@', 'a b', 'a;b', 'a,b', 'a=b']) refuses(() => parseCallId(v));
  });
});

describe('token lists and media types', () => {
  test('Allow, Supported, Require', () => {
    assert.deepEqual(parseTokenList('INVITE, ACK ,CANCEL', false, 'Method'), ['INVITE', 'ACK', 'CANCEL']);
    assert.deepEqual(parseTokenList('', true, 'option-tag'), []);
    for (const v of ['', 'a,', ',a', 'a b', 'a;b']) refuses(() => parseTokenList(v, false, 'option-tag'));
  });
  test('Content-Type (§20.15)', () => {
    const m = parseMediaType('Multipart/Mixed ; boundary="7a9cbec02ceef655" ;charset=utf-8');
    assert.equal(mediaTypeEssence(m), 'multipart/mixed');
    assert.deepEqual(m.params, [
      { name: 'boundary', value: '"7a9cbec02ceef655"' },
      { name: 'charset', value: 'utf-8' },
    ]);
    assert.equal(mediaTypeEssence(parseMediaType('application / sdp')), 'application/sdp');
    for (const v of ['application', 'application/', '/sdp', 'application/sdp;charset', 'text/plain x'])
      refuses(() => parseMediaType(v));
  });
});
