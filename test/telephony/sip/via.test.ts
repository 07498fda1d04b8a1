import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatVia,
  isRfc3261Branch,
  newBranch,
  parseVia,
  SipSyntaxError,
  sentByEquals,
} from '../../../src/telephony/sip/index.js';

describe('parseVia (RFC 3261 §20.42)', () => {
  test('sent-protocol, sent-by and the well-known parameters', () => {
    const [via] = parseVia(
      'SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5070;ttl=16;maddr=224.2.0.1',
    );
    assert.deepEqual(via, {
      protocolName: 'SIP',
      protocolVersion: '2.0',
      transport: 'UDP',
      host: 'pc33.atlanta.com',
      hostType: 'hostname',
      port: 5066,
      params: [
        { name: 'branch', value: 'z9hG4bK776asdhds' },
        { name: 'received', value: '192.0.2.1' },
        { name: 'rport', value: '5070' },
        { name: 'ttl', value: '16' },
        { name: 'maddr', value: '224.2.0.1' },
      ],
      branch: 'z9hG4bK776asdhds',
      received: '192.0.2.1',
      rport: 5070,
      maddr: '224.2.0.1',
      ttl: 16,
    });
  });

  test('rport without a value (RFC 3581), IPv6 sent-by and received', () => {
    const [via] = parseVia('SIP/2.0/TCP [2001:db8::9]:5061;rport;branch=z9hG4bKx;received=2001:db8::1');
    assert.equal(via?.rport, true);
    assert.equal(via?.host, '[2001:db8::9]');
    assert.equal(via?.hostType, 'ipv6');
    assert.equal(via?.received, '2001:db8::1');
  });

  test('whitespace around "/", ":", ";", "=" and ","; several values', () => {
    const vias = parseVia(
      'SIP  / 2.0  / TCP     spindle.example.com : 5060  ;  branch  =   z9hG4bK9ikj8  , SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKa',
    );
    assert.deepEqual(
      vias.map((v) => [v.transport, v.host, v.port, v.branch]),
      [
        ['TCP', 'spindle.example.com', 5060, 'z9hG4bK9ikj8'],
        ['WSS', 'df7jal23ls0d.invalid', undefined, 'z9hG4bKa'],
      ],
    );
  });

  const invalid = [
    '',
    'SIP/2.0/UDP',
    'SIP/2.0 UDP host',
    'SIP/2.0/UDPhost',
    'SIP/2.0/UDP 192.0.2.15;;,;,,',
    'SIP/2.0/UDP host;branch',
    'SIP/2.0/UDP host;branch="quoted"',
    'SIP/2.0/UDP host;received=host.example.com',
    'SIP/2.0/UDP host;rport=abc',
    'SIP/2.0/UDP host;ttl=256',
    'SIP/2.0/UDP host:70000',
    'SIP/2.0/UDP host,',
    'SIP/2.0/UDP host junk',
    'SIP/2.0/UDP [2001:db8::1',
  ];
  for (const text of invalid) {
    test(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseVia(text), SipSyntaxError));
  }

  test('bounds the number of values', () => {
    const many = Array.from({ length: 5 }, (_, i) => `SIP/2.0/UDP h${i}.example.com`).join(',');
    assert.equal(parseVia(many, 5).length, 5);
    assert.throws(
      () => parseVia(many, 4),
      (err: SipSyntaxError) => err.code === 'TooManyVias',
    );
  });
});

describe('Via helpers', () => {
  test('formatVia writes what parseVia reads', () => {
    const text = 'SIP/2.0/UDP [2001:db8::9]:5061;branch=z9hG4bKx;rport;received=2001:db8::1';
    const [via] = parseVia(text);
    assert.equal(formatVia(via!), text);
  });

  test('isRfc3261Branch and newBranch (§8.1.1.7)', () => {
    assert.ok(isRfc3261Branch('z9hG4bK776asdhds'));
    assert.ok(!isRfc3261Branch('z9hG4bK'));
    assert.ok(!isRfc3261Branch('Z9HG4BK776'));
    assert.ok(!isRfc3261Branch(undefined));
    const a = newBranch();
    assert.ok(isRfc3261Branch(a) && a !== newBranch());
  });

  test('sentByEquals compares host case-insensitively and the port exactly', () => {
    const [a, b, c] = parseVia(
      'SIP/2.0/UDP Host.Example.com:5060, SIP/2.0/TCP host.example.COM:5060, SIP/2.0/UDP host.example.com',
    );
    assert.ok(sentByEquals(a!, b!));
    assert.ok(!sentByEquals(a!, c!));
  });
});
