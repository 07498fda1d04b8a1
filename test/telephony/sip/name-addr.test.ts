import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatNameAddr,
  parseContact,
  parseFromTo,
  parseNameAddrList,
  parseRoute,
  SipSyntaxError,
  unquote,
} from '../../../src/telephony/sip/index.js';

describe('From / To (RFC 3261 §20.20, §20.39)', () => {
  test('name-addr with a quoted display name and a tag', () => {
    const v = parseFromTo('"Bob \\"the\\" Builder" <sip:bob@biloxi.com>;tag=a6c85cf');
    assert.equal(v.displayName, 'Bob "the" Builder');
    assert.equal(v.tag, 'a6c85cf');
    assert.equal(v.uri.kind === 'sip' && v.uri.user, 'bob');
  });

  test('token display names, with or without space before "<"', () => {
    assert.equal(parseFromTo('Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8').displayName, 'Anonymous');
    assert.equal(parseFromTo('A. G. Bell <sip:agb@bell-telephone.com>').displayName, 'A. G. Bell');
    assert.equal(parseFromTo('caller<sip:caller@example.com>').displayName, 'caller');
    assert.equal(parseFromTo('<sip:caller@example.com>').displayName, undefined);
    assert.equal(parseFromTo('"" <sip:caller@example.com>').displayName, '');
  });

  test('UTF-8 display names', () => {
    assert.equal(parseFromTo('"张伟" <sip:13800138000@example.com>;tag=1').displayName, '张伟');
  });

  test('addr-spec form: every parameter is a header parameter (§20.10)', () => {
    const v = parseFromTo('sip:+12125551212@server.phone2net.com;tag=887s');
    assert.equal(v.tag, '887s');
    assert.deepEqual(v.uri.kind === 'sip' && v.uri.params, []);
    const w = parseFromTo('<sip:+12125551212@server.phone2net.com;user=phone>;tag=887s');
    assert.deepEqual(w.uri.kind === 'sip' && w.uri.params, [{ name: 'user', value: 'phone' }]);
  });

  test('parameters with LWS, quoted values and IPv6 values', () => {
    const v = parseFromTo('<sip:a@b.com> ; tag = x1 ; p="quoted \\" value" ; q=[2001:db8::1]');
    assert.deepEqual(v.params, [
      { name: 'tag', value: 'x1' },
      { name: 'p', value: '"quoted \\" value"' },
      { name: 'q', value: '[2001:db8::1]' },
    ]);
    assert.equal(unquote(v.params[1]!.value!), 'quoted " value');
  });

  const invalid = [
    '',
    '"Mr. J. User <sip:j.user@example.com>',
    'Bell, Alexander <sip:a.g.bell@example.com>;tag=43',
    '"Watson, Thomas" < sip:t.watson@example.org >',
    '<sip:t.watson@example.org >',
    '<sip:user@example.com',
    '<>',
    'sip:user@example.com?Route=%3Csip:sip.example.com%3E',
    '<sip:a@b.com>;tag',
    '<sip:a@b.com>;tag=',
    '<sip:a@b.com>;;tag=1',
    '<sip:a@b.com>, <sip:c@d.com>',
    '<sip:a@b.com> junk',
    '"a\\\r" <sip:a@b.com>',
    '"a\x01" <sip:a@b.com>',
    'nobody',
  ];
  for (const text of invalid) {
    test(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseFromTo(text), SipSyntaxError));
  }
});

describe('Contact, Route, Record-Route', () => {
  test('Contact "*" and lists of both forms', () => {
    assert.equal(parseContact(' * '), '*');
    const list = parseContact(
      '"Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600, "Mr. Watson" <mailto:watson@bell-telephone.com> ;q=0.1, sip:x@y.com;expires=0',
    );
    assert.ok(Array.isArray(list));
    assert.equal(list.length, 3);
    assert.deepEqual(list[0]?.params, [
      { name: 'q', value: '0.7' },
      { name: 'expires', value: '3600' },
    ]);
    assert.equal(list[1]?.uri.scheme, 'mailto');
    assert.deepEqual(list[2]?.params, [{ name: 'expires', value: '0' }]);
  });

  test('commas inside quotes and brackets do not split values', () => {
    const list = parseNameAddrList('"a, b" <sip:x@y.com;p=1>, <sip:z@y.com?h=a%2Cb>', {
      allowAddrSpec: true,
      maxUriLength: 100,
    });
    assert.equal(list.length, 2);
  });

  test('Route needs name-addr; lr is a URI parameter', () => {
    const routes = parseRoute('<sip:p1.example.com;lr>,<sip:p2.domain.com;lr>');
    assert.deepEqual(
      routes.map((r) => r.uri.kind === 'sip' && r.uri.params),
      [[{ name: 'lr', value: undefined }], [{ name: 'lr', value: undefined }]],
    );
    assert.throws(() => parseRoute('sip:p1.example.com;lr'), SipSyntaxError);
    assert.throws(() => parseContact('*, <sip:a@b.com>'), SipSyntaxError);
  });
});

describe('formatNameAddr', () => {
  const samples = [
    '"Bob \\"the\\" Builder" <sip:bob@biloxi.com>;tag=a6c85cf',
    'sip:user@example.com;tag=1',
    'token1~` token2 <sip:mundane@example.com>;fromparam="\\"x"',
    '"BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:1@example.com>',
    '"张伟" <sip:13800138000@example.com>;tag=1',
  ];
  for (const text of samples) {
    test(`round trip of ${JSON.stringify(text)}`, () => {
      const v = parseFromTo(text);
      assert.deepEqual(parseFromTo(formatNameAddr(v)), v);
    });
  }

  test('always writes the name-addr form', () => {
    assert.equal(formatNameAddr(parseFromTo('sip:a@b.com;tag=1')), '<sip:a@b.com>;tag=1');
  });
});
