import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inRange, parseRange } from '../../../src/telephony/auth/cidr.js';
import {
  createDigestAuthenticator,
  digestResponse,
  parseDigestAuthorization,
} from '../../../src/telephony/auth/digest.js';
import { createTrunkGate } from '../../../src/telephony/trunks.js';

function answer(
  challenge: string,
  user: string,
  password: string,
  method: string,
  uri: string,
  nc = '00000001',
) {
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
  const algorithm = /algorithm=([\w-]+)/.exec(challenge)![1] as 'MD5' | 'SHA-256';
  const cnonce = 'abc123';
  const response = digestResponse({
    algorithm,
    username: user,
    realm,
    password,
    method,
    uri,
    nonce,
    qop: 'auth',
    nc,
    cnonce,
  });
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

describe('digest authentication', () => {
  const users: Record<string, string> = { agent1: 's3cret' };
  const passwordOf = (u: string) => users[u];

  it('accepts MD5 and SHA-256 answers and refuses wrong ones the same way for unknown users', () => {
    let t = 1_000_000;
    const auth = createDigestAuthenticator({ realm: 'hotline', now: () => t });
    const [sha, md5] = auth.challenge();
    assert.match(sha!, /algorithm=SHA-256/);
    assert.deepEqual(
      auth.verify(answer(sha!, 'agent1', 's3cret', 'REGISTER', 'sip:127.0.0.1'), 'REGISTER', passwordOf),
      { ok: true, username: 'agent1' },
    );
    assert.deepEqual(
      auth.verify(
        answer(md5!, 'agent1', 's3cret', 'REGISTER', 'sip:127.0.0.1', '00000002'),
        'REGISTER',
        passwordOf,
      ),
      { ok: true, username: 'agent1' },
    );
    const wrong = auth.verify(
      answer(sha!, 'agent1', 'guess', 'REGISTER', 'sip:127.0.0.1', '00000002'),
      'REGISTER',
      passwordOf,
    );
    const unknown = auth.verify(
      answer(sha!, 'nobody', 'guess', 'REGISTER', 'sip:127.0.0.1', '00000004'),
      'REGISTER',
      passwordOf,
    );
    assert.deepEqual(wrong, unknown);
    t += 10 * 60_000;
    const late = auth.verify(
      answer(sha!, 'agent1', 's3cret', 'REGISTER', 'sip:127.0.0.1', '00000009'),
      'REGISTER',
      passwordOf,
    );
    assert.deepEqual(late, { ok: false, reason: 'stale' });
  });

  it('refuses a replayed answer and a forged nonce', () => {
    const auth = createDigestAuthenticator({ realm: 'hotline' });
    const [sha] = auth.challenge();
    const header = answer(sha!, 'agent1', 's3cret', 'INVITE', 'sip:4008001234@127.0.0.1');
    assert.equal(auth.verify(header, 'INVITE', passwordOf).ok, true);
    assert.deepEqual(auth.verify(header, 'INVITE', passwordOf), { ok: false, reason: 'replay' });
    const forged = sha!.replace(/nonce="[^.]+\./, 'nonce="zzzz.');
    assert.deepEqual(
      auth.verify(answer(forged, 'agent1', 's3cret', 'INVITE', 'sip:x'), 'INVITE', passwordOf),
      { ok: false, reason: 'badNonce' },
    );
    assert.deepEqual(auth.verify('Basic YWdlbnQxOnMzY3JldA==', 'INVITE', passwordOf), {
      ok: false,
      reason: 'malformed',
    });
  });

  it('gives challenges issued in the same millisecond their own nonces, so each phone gets in', () => {
    const auth = createDigestAuthenticator({ realm: 'hotline', now: () => 5_000_000, algorithms: ['MD5'] });
    const both: Record<string, string> = { agent1: 's3cret', agent2: 'other' };
    const [first] = auth.challenge();
    const [second] = auth.challenge();
    assert.notEqual(/nonce="([^"]+)"/.exec(first!)![1], /nonce="([^"]+)"/.exec(second!)![1]);
    // Two phones behind one address answer their own challenges with nc=1: neither is a replay.
    const one = auth.verify(
      answer(first!, 'agent1', 's3cret', 'REGISTER', 'sip:h'),
      'REGISTER',
      (u) => both[u],
    );
    const two = auth.verify(
      answer(second!, 'agent2', 'other', 'REGISTER', 'sip:h'),
      'REGISTER',
      (u) => both[u],
    );
    assert.deepEqual(
      [one, two],
      [
        { ok: true, username: 'agent1' },
        { ok: true, username: 'agent2' },
      ],
    );
  });

  it('parses quoted values with escapes and refuses junk', () => {
    const c = parseDigestAuthorization(
      'Digest username="a\\"b", realm="r", nonce="n", uri="sip:x", response="ABC", qop=auth, nc=00000001, cnonce="c"',
    );
    assert.equal(c?.username, 'a"b');
    assert.equal(c?.response, 'abc');
    assert.equal(parseDigestAuthorization('Digest username="a", realm="r"'), undefined);
    assert.equal(parseDigestAuthorization(`Digest ${'x'.repeat(5000)}`), undefined);
  });
});

describe('address ranges and the trunk gate', () => {
  it('matches IPv4 and IPv6 ranges, including IPv4-mapped addresses', () => {
    assert.ok(inRange('127.0.0.1', parseRange('127.0.0.0/8')));
    assert.ok(!inRange('128.0.0.1', parseRange('127.0.0.0/8')));
    assert.ok(inRange('::ffff:127.0.0.9', parseRange('127.0.0.0/8')));
    assert.ok(inRange('::1', parseRange('::1/128')));
    assert.ok(inRange('2001:db8::5', parseRange('2001:db8::/32')));
    assert.ok(!inRange('2001:db9::5', parseRange('2001:db8::/32')));
    assert.throws(() => parseRange('300.1.1.1/8'), /not an IP address/);
    assert.throws(() => parseRange('10.0.0.0/33'), /prefix/);
  });

  it('admits open trunks by address, challenges guarded ones, refuses everything else', () => {
    const gate = createTrunkGate([
      { name: 'loopback', addresses: ['127.0.0.0/8'] },
      { name: 'carrier', addresses: ['192.0.2.0/24'], username: 'carrier', password: 'pw' },
    ]);
    assert.deepEqual(gate.admit('127.0.0.1', 'INVITE', undefined), { ok: true, trunk: 'loopback' });
    const stranger = gate.admit('198.51.100.1', 'INVITE', undefined);
    assert.equal(stranger.ok, false);
    assert.equal(!stranger.ok && stranger.status, 403);
    const challenged = gate.admit('192.0.2.10', 'INVITE', undefined);
    assert.ok(!challenged.ok && challenged.status === 401 && challenged.challenges!.length === 2);
    const authorization = answer(
      !challenged.ok ? challenged.challenges![0]! : '',
      'carrier',
      'pw',
      'INVITE',
      'sip:4008001234@hotline',
    );
    assert.deepEqual(gate.admit('192.0.2.10', 'INVITE', authorization), { ok: true, trunk: 'carrier' });
    const wrong = answer(
      !challenged.ok ? challenged.challenges![0]! : '',
      'carrier',
      'nope',
      'INVITE',
      'sip:x',
    );
    assert.equal((gate.admit('192.0.2.10', 'INVITE', wrong) as { status: number }).status, 403);
  });
});
