import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatUri,
  parseUri,
  SipSyntaxError,
  type Uri,
  uriEquals,
} from '../../../src/telephony/sip/index.js';

function sip(text: string) {
  const uri = parseUri(text);
  assert.equal(uri.kind, 'sip');
  return uri as Extract<Uri, { kind: 'sip' }>;
}

describe('parseUri: SIP and SIPS URIs (RFC 3261 §19.1)', () => {
  test('user, password, host, port, parameters, headers', () => {
    const uri = sip(
      'sips:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=project%20x&priority=urgent',
    );
    assert.deepEqual(uri, {
      kind: 'sip',
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'atlanta.com',
      hostType: 'hostname',
      port: 5061,
      params: [
        { name: 'transport', value: 'tcp' },
        { name: 'lr', value: undefined },
      ],
      headers: [
        { name: 'subject', value: 'project x' },
        { name: 'priority', value: 'urgent' },
      ],
    });
  });

  test('hosts: name, IPv4, IPv6 reference; scheme case-insensitive', () => {
    assert.equal(sip('SIP:example.com').scheme, 'sip');
    assert.equal(sip('sip:192.0.2.4').hostType, 'ipv4');
    const v6 = sip('sip:[2001:db8::10]:5070');
    assert.deepEqual([v6.host, v6.hostType, v6.port], ['[2001:db8::10]', 'ipv6', 5070]);
    assert.equal(sip('sip:u@[::ffff:192.0.2.1]').hostType, 'ipv6');
    assert.equal(sip('sip:example.com.').host, 'example.com.');
  });

  test('escapes are decoded; parameter names lower-cased', () => {
    assert.equal(sip('sip:%61lice@atlanta.com').user, 'alice');
    assert.equal(sip('sip:+1-212-555-1212%3Bx@gw.example.com;user=phone').user, '+1-212-555-1212;x');
    assert.deepEqual(sip('sip:h.example.com;%6C%72;Maddr=239.255.255.1').params, [
      { name: 'lr', value: undefined },
      { name: 'maddr', value: '239.255.255.1' },
    ]);
    assert.equal(sip('sip:caf%C3%A9@example.com').user, 'café');
  });

  test('user parts with ";", "?", "/" and "," (user-unreserved)', () => {
    assert.equal(sip('sip:a;b?c/d,e=f@example.com').user, 'a;b?c/d,e=f');
  });

  const invalid = [
    'sip:',
    'sip:@example.com',
    'sip:user@',
    'sip:user@exa mple.com',
    'sip:user@example.com:99999',
    'sip:user@example.com:5o60',
    'sip:user@[2001:db8::zz]',
    'sip:user@[2001:db8::1',
    'sip:user@-example.com',
    'sip:user@example.123',
    'sip:user@256.1.1.1',
    'sip:us%2@example.com',
    'sip:us%zzer@example.com',
    'sip:us<er@example.com',
    'sip:example.com;;lr',
    'sip:example.com;maddr=',
    'sip:example.com?subject',
    'sip:example.com?=x',
    'sip:user@host_name.com',
    '<sip:user@example.com>',
    'user@example.com',
    ':x',
    '1sip:x',
  ];
  for (const text of invalid) {
    test(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseUri(text), SipSyntaxError));
  }

  test('refuses a URI longer than the limit', () => {
    assert.throws(() => parseUri(`sip:${'a'.repeat(100)}@example.com`, 64), SipSyntaxError);
  });
});

describe('parseUri: tel and other schemes', () => {
  test('tel URI (RFC 3966)', () => {
    assert.deepEqual(parseUri('tel:+1-201-555-0123;ext=1234'), {
      kind: 'tel',
      scheme: 'tel',
      number: '+1-201-555-0123',
      params: [{ name: 'ext', value: '1234' }],
    });
    assert.equal(parseUri('TEL:7042;phone-context=example.com').kind, 'tel');
    assert.throws(() => parseUri('tel:+'), SipSyntaxError);
    assert.throws(() => parseUri('tel:+12a'), SipSyntaxError);
    assert.throws(() => parseUri('tel:12 34'), SipSyntaxError);
  });

  test('absolute URIs are kept opaque', () => {
    assert.deepEqual(parseUri('urn:service:sos'), { kind: 'absolute', scheme: 'urn', value: 'service:sos' });
    assert.deepEqual(parseUri('http://www.example.com/a?b=c'), {
      kind: 'absolute',
      scheme: 'http',
      value: '//www.example.com/a?b=c',
    });
    assert.throws(() => parseUri('http://a b'), SipSyntaxError);
    assert.throws(() => parseUri('http:'), SipSyntaxError);
    assert.throws(() => parseUri('x:a%'), SipSyntaxError);
  });
});

describe('formatUri', () => {
  const samples = [
    'sip:alice@atlanta.com',
    'sips:alice:pw@atlanta.com:5061;transport=tls?subject=project%20x&priority=urgent',
    'sip:sips%3Auser%40example.com@example.net',
    'sip:null-%00-null@example.com',
    'sip:[2001:db8::1]:5060;maddr=[2001:db8::2]',
    'sip:host5.example.net;lr;name=value%2541',
    "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
    'tel:+1-201-555-0123;ext=1234',
    'urn:service:sos',
    'sip:caf%C3%A9@example.com',
  ];
  for (const text of samples) {
    test(`round trip of ${text.slice(0, 48)}`, () => {
      const uri = parseUri(text);
      const formatted = formatUri(uri);
      assert.deepEqual(parseUri(formatted), uri);
      assert.ok(uriEquals(parseUri(formatted), uri));
    });
  }

  test('escapes what the grammar requires, and only that', () => {
    assert.equal(formatUri(sip('sip:%61lice@atlanta.com')), 'sip:alice@atlanta.com');
    assert.equal(formatUri(sip('sip:I%20have%20spaces@example.net')), 'sip:I%20have%20spaces@example.net');
    assert.equal(formatUri(sip('sip:a%40b@example.net')), 'sip:a%40b@example.net');
  });
});

describe('uriEquals: the examples of RFC 3261 §19.1.4', () => {
  const equivalent = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    [
      'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com',
      'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com',
    ],
    [
      'sip:alice@atlanta.com?subject=project%20x&priority=urgent',
      'sip:alice@atlanta.com?priority=urgent&subject=project%20x',
    ],
    ['sip:[2001:db8::1]', 'sip:[2001:DB8:0:0:0:0:0:1]'],
    ['tel:+1-201-555-0123', 'tel:+1.201.555.0123'],
  ];
  const different = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com', 'tel:+1234'],
    ['sip:lr@example.com;lr', 'sip:lr@example.com;lr=on'],
  ];
  for (const [a, b] of equivalent) {
    test(`${a} = ${b}`, () => {
      assert.ok(uriEquals(parseUri(a!), parseUri(b!)));
      assert.ok(uriEquals(parseUri(b!), parseUri(a!)));
    });
  }
  for (const [a, b] of different) {
    test(`${a} ≠ ${b}`, () => {
      assert.ok(!uriEquals(parseUri(a!), parseUri(b!)));
      assert.ok(!uriEquals(parseUri(b!), parseUri(a!)));
    });
  }
});
