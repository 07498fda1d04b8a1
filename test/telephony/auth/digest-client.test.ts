import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDigestAuthenticator } from '../../../src/telephony/auth/digest.js';
import { answerChallenge } from '../../../src/telephony/auth/digest-client.js';

const carrier = { username: 'hotline-trunk', password: 'carrier-secret-1' };
const request = { method: 'INVITE', uri: 'sip:01012345678@carrier.example' };

describe('answering a server’s digest challenge (outbound trunk)', () => {
  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`a ${algorithm} challenge with qop auth is answered so that the server accepts it`, () => {
      const server = createDigestAuthenticator({ realm: 'carrier.example', algorithms: [algorithm] });
      const answer = answerChallenge(server.challenge(), request, carrier);
      assert.ok(answer);
      const verdict = server.verify(answer, 'INVITE', (u) =>
        u === carrier.username ? carrier.password : undefined,
      );
      assert.deepEqual(verdict, { ok: true, username: carrier.username });
      // The wrong password is refused by the same server.
      const wrong = answerChallenge(server.challenge(), request, { ...carrier, password: 'nope' })!;
      assert.equal(server.verify(wrong, 'INVITE', () => carrier.password).ok, false);
    });
  }

  it('answers an RFC 2069 challenge (no qop) and echoes opaque', () => {
    const answer = answerChallenge(['Digest realm="c", nonce="abc", opaque="xyz"'], request, carrier)!;
    assert.match(
      answer,
      /^Digest username="hotline-trunk", realm="c", nonce="abc", uri="sip:01012345678@carrier.example", response="[0-9a-f]{32}", algorithm=MD5, opaque="xyz"$/,
    );
  });

  it('skips challenges it cannot answer and takes the next one', () => {
    const answer = answerChallenge(
      [
        'Basic realm="c"',
        'Digest realm="c", nonce="a", algorithm=SHA-512-256',
        'Digest realm="c", nonce="a", qop="auth-int"',
        'Digest realm="c", nonce="b", qop="auth,auth-int"',
      ],
      request,
      carrier,
    )!;
    assert.match(answer, /nonce="b"/);
    assert.match(answer, /qop=auth, nc=00000001, cnonce="[0-9a-f]{16}"/);
    assert.equal(answerChallenge(['Basic realm="c"', 'Digest nonce="a"'], request, carrier), undefined);
  });
});
