/**
 * The registrar for agents' phones, over real UDP against a running Hotline, with Hotline's own SIP
 * stack as the phone: digest with MD5 and SHA-256, the same answer for unknown users and wrong
 * passwords, one user's credentials cannot touch another's bindings, several contacts, expiry,
 * bindings kept across a restart, NAT (the received address), 481 for a dialog that does not
 * exist, and the lockout of a source that keeps failing. baresip registering for real is in the
 * seed's end-to-end test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Hotline, startHotline } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { digestResponse } from '../../../src/telephony/auth/digest.js';
import { headerValue, headerValues } from '../../../src/telephony/sip/headers.js';
import { newCallId } from '../../../src/telephony/sip/ids.js';
import type { SipResponse } from '../../../src/telephony/sip/message.js';
import { createSipStack, type SipStack } from '../../../src/telephony/sip/sip-stack.js';
import { startTestHotline, type TestHotline } from '../../helpers/hotline.js';

const inst = '/v1/instances/reg';

interface Attempt {
  user: string;
  password: string;
  /** The AOR in To (the user's own by default). */
  aor?: string;
  contact?: string;
  expires?: number;
  callId?: string;
  algorithm?: 'MD5' | 'SHA-256';
}

describe('registrar for agents’ phones', () => {
  let h: TestHotline;
  let phone: SipStack;
  let registrar: string;

  before(async () => {
    h = await startTestHotline({
      sip: {
        listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }],
        registrar: { algorithms: ['SHA-256', 'MD5'], minExpires: 60 },
      },
      media: { rtpPortMin: 33600, rtpPortMax: 33799 },
    });
    registrar = `127.0.0.1:${h.hotline.sip.find((a) => a.protocol === 'udp')!.port}`;
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await h.request(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
    };
    await ok('POST', '/v1/instances', { name: 'reg' });
    await ok('POST', `${inst}/skill-groups`, { name: 'g' });
    for (const login of ['2001', '2002', '2003'])
      await ok('POST', `${inst}/agents`, {
        loginName: login,
        extension: login,
        skills: [{ skillGroup: 'g', level: 5 }],
        password: `pass-${login}-xyz`,
      });
    phone = createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
    await phone.start();
  });
  after(async () => {
    await phone?.close();
    await h?.close();
  });

  const phonePort = () => phone.addresses[0]!.port;

  /** REGISTER, answering the challenge when there is one; resolves with the final response. */
  async function register(a: Attempt): Promise<SipResponse> {
    const aor = a.aor ?? a.user;
    const callId = a.callId ?? newCallId('phone');
    const send = (authorization?: string) =>
      phone.request('REGISTER', `sip:${registrar}`, {
        from: `<sip:${aor}@${registrar}>`,
        to: `<sip:${aor}@${registrar}>`,
        callId,
        headers: [
          { name: 'Contact', value: a.contact ?? `<sip:${a.user}@127.0.0.1:${phonePort()}>` },
          { name: 'Expires', value: String(a.expires ?? 600) },
          ...(authorization ? [{ name: 'Authorization', value: authorization }] : []),
        ],
      });
    const first = await send();
    assert.equal(first.status, 401, 'a REGISTER without credentials is challenged');
    const challenges = headerValues(first.response!, 'WWW-Authenticate');
    const challenge = challenges.find((c) => c.includes(`algorithm=${a.algorithm ?? 'SHA-256'}`))!;
    assert.ok(challenge, `a ${a.algorithm} challenge among ${challenges.join(' | ')}`);
    const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
    const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
    const algorithm = a.algorithm ?? 'SHA-256';
    const uri = `sip:${registrar}`;
    const response = digestResponse({
      algorithm,
      username: a.user,
      realm,
      password: a.password,
      method: 'REGISTER',
      uri,
      nonce,
      qop: 'auth',
      nc: '00000001',
      cnonce: 'c0ffee',
    });
    const auth = `Digest username="${a.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="c0ffee"`;
    const second = await send(auth);
    return second.response!;
  }

  const state = async (login: string) =>
    ((await h.request('GET', `${inst}/agents/${login}/state`)).json as { state: string }).state;

  it('registers with SHA-256 and with MD5, and registration logs the agent in', async () => {
    assert.equal(await state('2001'), 'offline');
    const sha = await register({ user: '2001', password: 'pass-2001-xyz' });
    assert.equal(sha.status, 200);
    assert.match(headerValue(sha, 'Contact') ?? '', /expires=\d+/);
    const md5 = await register({ user: '2002', password: 'pass-2002-xyz', algorithm: 'MD5' });
    assert.equal(md5.status, 200);
    for (let i = 0; i < 20 && (await state('2001')) !== 'ready'; i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(await state('2001'), 'ready');
  });

  it('answers an unknown user and a wrong password the same way', async () => {
    const unknown = await register({ user: 'nobody', password: 'whatever-123' });
    const wrong = await register({ user: '2003', password: 'not-the-password' });
    assert.equal(unknown.status, 403);
    assert.equal(wrong.status, 403);
    assert.equal(unknown.reason, wrong.reason);
    assert.deepEqual(headerValues(unknown, 'Warning'), headerValues(wrong, 'Warning'));
  });

  it("never lets one user's credentials change another user's bindings", async () => {
    const res = await register({
      user: '2003',
      password: 'pass-2003-xyz',
      aor: '2001',
      contact: '<sip:evil@127.0.0.1:9>',
    });
    assert.equal(res.status, 403);
    const query = await register({
      user: '2001',
      password: 'pass-2001-xyz',
      contact: '<sip:2001@127.0.0.1:5999>',
      expires: 600,
    });
    const contacts = headerValues(query, 'Contact').join(',');
    assert.doesNotMatch(contacts, /evil/);
  });

  it('keeps several contacts per agent, refuses too brief an interval, and removes one with expires=0', async () => {
    const a = await register({
      user: '2002',
      password: 'pass-2002-xyz',
      contact: '<sip:2002@127.0.0.1:6001>',
    });
    const b = await register({
      user: '2002',
      password: 'pass-2002-xyz',
      contact: '<sip:2002@127.0.0.1:6002>',
    });
    assert.equal(a.status, 200);
    assert.equal(headerValues(b, 'Contact').length, 3, headerValues(b, 'Contact').join(' | '));
    const brief = await register({
      user: '2002',
      password: 'pass-2002-xyz',
      contact: '<sip:2002@127.0.0.1:6003>',
      expires: 5,
    });
    assert.equal(brief.status, 423);
    assert.equal(headerValue(brief, 'Min-Expires'), '60');
    const removed = await register({
      user: '2002',
      password: 'pass-2002-xyz',
      contact: '<sip:2002@127.0.0.1:6001>',
      expires: 0,
    });
    assert.equal(headerValues(removed, 'Contact').length, 2);
    assert.doesNotMatch(headerValues(removed, 'Contact').join(','), /6001/);
  });

  it('refuses an out-of-order CSeq for the same Call-ID', async () => {
    const callId = newCallId('phone');
    const first = await register({
      user: '2002',
      password: 'pass-2002-xyz',
      contact: '<sip:2002@127.0.0.1:6002>',
      callId,
    });
    assert.equal(first.status, 200);
    // The stack's request() always sends CSeq 1: the same Call-ID again is out of order.
    const again = await register({
      user: '2002',
      password: 'pass-2002-xyz',
      contact: '<sip:2002@127.0.0.1:6002>',
      callId,
    });
    assert.equal(again.status, 500);
  });

  it('answers 481 to a request that claims a dialog that does not exist', async () => {
    const res = await phone.request('BYE', `sip:hotline@${registrar}`, {
      from: `<sip:2001@${registrar}>`,
      to: `<sip:hotline@${registrar}>;tag=no-such-dialog`,
    });
    assert.equal(res.status, 481);
  });

  it('logs the agent out when the last binding goes', async () => {
    const res = await register({ user: '2001', password: 'pass-2001-xyz', contact: '*', expires: 0 });
    assert.equal(res.status, 200);
    assert.equal(headerValues(res, 'Contact').length, 0);
    for (let i = 0; i < 20 && (await state('2001')) !== 'offline'; i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.equal(await state('2001'), 'offline');
  });

  it('locks out a source after repeated failures, even with the right password', async () => {
    // Three failures so far (unknown user, wrong password, someone else's AOR); two more lock it.
    for (let i = 0; i < 2; i++)
      assert.equal((await register({ user: '2003', password: `guess-${i}-xxxx` })).status, 403);
    // Locked: no challenge any more, so not even the right password can be tried.
    const plain = await phone.request('REGISTER', `sip:${registrar}`, {
      from: `<sip:2003@${registrar}>`,
      to: `<sip:2003@${registrar}>`,
      headers: [{ name: 'Contact', value: `<sip:2003@127.0.0.1:${phonePort()}>` }],
    });
    assert.equal(plain.status, 403);
    await assert.rejects(register({ user: '2003', password: 'pass-2003-xyz' }), /challenged/);
  });
});

describe('registrations across a restart', () => {
  it('keeps bindings (with the address the REGISTER came from) and logs the agents in again', async () => {
    const h = await startTestHotline({
      sip: { listen: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] },
      media: { rtpPortMin: 33800, rtpPortMax: 33999 },
    });
    let second: Hotline | undefined;
    const phone = createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
    try {
      await h.request('POST', '/v1/instances', { name: 'reg' });
      await h.request('POST', `${inst}/agents`, {
        loginName: '3001',
        extension: '3001',
        password: 'pass-3001-xyz',
      });
      await phone.start();
      const registrar = `127.0.0.1:${h.hotline.sip[0]!.port}`;
      const send = (authorization?: string) =>
        phone.request('REGISTER', `sip:${registrar}`, {
          from: `<sip:3001@${registrar}>`,
          to: `<sip:3001@${registrar}>`,
          callId: 'restart-test',
          headers: [
            // A private address in Contact, as a phone behind NAT would send.
            { name: 'Contact', value: '<sip:3001@10.1.2.3:5062>' },
            { name: 'Expires', value: '600' },
            ...(authorization ? [{ name: 'Authorization', value: authorization }] : []),
          ],
        });
      const challenge = headerValue((await send()).response!, 'WWW-Authenticate')!;
      const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
      const uri = `sip:${registrar}`;
      const response = digestResponse({
        algorithm: 'MD5',
        username: '3001',
        realm: 'hotline',
        password: 'pass-3001-xyz',
        method: 'REGISTER',
        uri,
        nonce,
        qop: 'auth',
        nc: '00000001',
        cnonce: 'x',
      });
      const ok = await send(
        `Digest username="3001", realm="hotline", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="x"`,
      );
      assert.equal(ok.status, 200);
      const row = await h.hotline.store.db.selectFrom('sip_bindings').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.contact, 'sip:3001@10.1.2.3:5062');
      assert.equal(
        row.received,
        `udp:127.0.0.1:${phone.addresses[0]!.port}`,
        'the NAT-facing address is kept',
      );

      // Restart on the same data folder: the binding is still there and the agent is ready again.
      const config = h.hotline.config;
      await h.hotline.close();
      second = await startHotline(
        loadConfig({ env: {}, file: undefined, overrides: { ...config, http: { ...config.http, port: 0 } } }),
        {},
      );
      const rows = await second.store.db.selectFrom('sip_bindings').selectAll().execute();
      assert.equal(rows.length, 1);
      const res = await fetch(`${second.url}${inst}/agents/3001/state`, {
        headers: { authorization: `Bearer ${h.rootKey}` },
      });
      assert.equal(((await res.json()) as { state: string }).state, 'ready');
    } finally {
      await phone.close();
      await second?.close();
      await h.close().catch(() => undefined);
    }
  });
});
