/**
 * Agents' phones for the benchmarks, on Hotline's own SIP stack in a child process (so they do not
 * share Hotline's event loop): one UDP SIP socket registers every agent (REGISTER with digest, the
 * agent's contact sip:LOGIN@127.0.0.1:PORT), answers every INVITE for them with an SDP naming a
 * media sink, and hangs up after a talk time (or waits for Hotline's BYE). Each INVITE's arrival
 * is reported with its time on CLOCK_MONOTONIC (process.hrtime), which every process on the
 * machine shares, so the parent can subtract its own instants. The sink also serves as the
 * callers' media port (it only counts what it gets). Driven over IPC.
 */
import { createSocket } from 'node:dgram';
import { type DigestAlgorithm, digestResponse } from '../../src/telephony/auth/digest.js';
import { headerValue, headerValues } from '../../src/telephony/sip/headers.js';
import { newCallId } from '../../src/telephony/sip/ids.js';
import type { IncomingInvite, IncomingRequest } from '../../src/telephony/sip/server-request.js';
import { createSipStack } from '../../src/telephony/sip/sip-stack.js';

export type AgentPhonesRequest =
  | { type: 'register'; registrar: string; agents: { user: string; password: string }[] }
  /** How the phones behave from now on: ring, then answer; hang up after talkMs (null: never). */
  | { type: 'behave'; answerAfterMs: number; talkMs: number | null; finishAcw?: FinishAcw }
  | { type: 'exit' };

/**
 * After hanging up, a share of the agents finish their after-call work early from the HTTP API
 * (PUT {stateUrl}/{user}/state {state: ready}), as a workbench does: from this process, so that the
 * HTTP client does not run on Hotline's event loop.
 */
export interface FinishAcw {
  stateUrl: string;
  apiKey: string;
  share: number;
  afterMs: number;
}

export type AgentPhonesMessage =
  | { type: 'ready'; sipPort: number; mediaPort: number }
  | { type: 'registered'; ok: number; failed: string[] }
  /** An INVITE arrived (at: ms on CLOCK_MONOTONIC); callId: Hotline's X-Hotline-Call-Id. */
  | { type: 'invite'; user: string; at: number; callId: string | undefined }
  | { type: 'ended'; user: string; at: number; by: 'phone' | 'hotline' }
  /** A PUT …/state {state: ready} is sent now (at), and how it was answered (done). */
  | { type: 'apiReady'; user: string; at: number }
  | { type: 'apiDone'; user: string; at: number; status: number };

/** Milliseconds on CLOCK_MONOTONIC, comparable between processes of this machine. */
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

const send = (m: AgentPhonesMessage) => {
  if (process.connected) process.send?.(m);
};

const stack = createSipStack({
  transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
  userAgent: 'hotline-bench-phones',
});
await stack.start();
const sipPort = stack.addresses[0]!.port;
const sink = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
let sunk = 0;
sink.on('message', () => sunk++);
await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
const mediaPort = sink.address().port;
const answerSdp = Buffer.from(
  [
    'v=0',
    'o=phone 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${mediaPort} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n'),
);
let behaviour: { answerAfterMs: number; talkMs: number | null; finishAcw?: FinishAcw | undefined } = {
  answerAfterMs: 0,
  talkMs: null,
};

function finishAcwLater(user: string): void {
  const f = behaviour.finishAcw;
  if (!f || Math.random() >= f.share) return;
  setTimeout(() => {
    send({ type: 'apiReady', user, at: monotonicMs() });
    fetch(`${f.stateUrl}/${user}/state`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${f.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'ready' }),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        send({ type: 'apiDone', user, at: monotonicMs(), status: res.status });
      },
      () => send({ type: 'apiDone', user, at: monotonicMs(), status: 0 }),
    );
  }, f.afterMs);
}

async function register(registrar: string, user: string, password: string): Promise<boolean> {
  const callId = newCallId('bench');
  const request = (authorization?: string) =>
    stack.request('REGISTER', `sip:${registrar}`, {
      from: `<sip:${user}@${registrar}>`,
      to: `<sip:${user}@${registrar}>`,
      callId,
      headers: [
        { name: 'Contact', value: `<sip:${user}@127.0.0.1:${sipPort}>` },
        { name: 'Expires', value: '3600' },
        ...(authorization ? [{ name: 'Authorization', value: authorization }] : []),
      ],
    });
  const first = (await request()).response;
  if (first?.status === 200) return true;
  if (first?.status !== 401) {
    console.error(`REGISTER ${user}: ${first?.status} ${first?.reason}`);
    return false;
  }
  const challenge = headerValues(first, 'WWW-Authenticate')[0] ?? '';
  const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(challenge)?.[1];
  const realm = param('realm') ?? '';
  const nonce = param('nonce') ?? '';
  const algorithm = (param('algorithm') ?? 'MD5') as DigestAlgorithm;
  const uri = `sip:${registrar}`;
  const response = digestResponse({
    algorithm,
    username: user,
    realm,
    password,
    method: 'REGISTER',
    uri,
    nonce,
    qop: 'auth',
    nc: '00000001',
    cnonce: 'bench',
  });
  const auth = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="bench"`;
  const second = (await request(auth)).response;
  if (second?.status !== 200)
    console.error(`REGISTER ${user}: ${second?.status} ${second?.reason} (challenge ${challenge})`);
  return second?.status === 200;
}

function onInvite(invite: IncomingInvite): void {
  const at = monotonicMs();
  const uri = invite.message.requestUri;
  const user = uri.kind === 'sip' ? (uri.user ?? '') : '';
  send({ type: 'invite', user, at, callId: headerValue(invite.message, 'X-Hotline-Call-Id') });
  if (user === 'nobody') return void invite.respond(486, 'Busy Here'); // the baseline's INVITEs
  invite.respond(180, 'Ringing');
  const answer = () => {
    if (invite.signal.aborted) return;
    const dialog = invite.accept({ body: answerSdp, contentType: 'application/sdp' });
    let byPhone = false;
    dialog.on('terminated', () => {
      if (!byPhone) send({ type: 'ended', user, at: monotonicMs(), by: 'hotline' });
    });
    const talk = behaviour.talkMs;
    if (talk !== null)
      setTimeout(() => {
        if (dialog.state === 'terminated') return;
        byPhone = true;
        send({ type: 'ended', user, at: monotonicMs(), by: 'phone' });
        void dialog.terminate().catch(() => undefined);
        finishAcwLater(user);
      }, talk);
  };
  if (behaviour.answerAfterMs > 0) setTimeout(answer, behaviour.answerAfterMs);
  else answer();
}

stack.onRequest((request) => {
  if (request.method === 'INVITE') onInvite(request as IncomingInvite);
  else (request as IncomingRequest).respond(405, 'Method Not Allowed');
});

process.on('message', (m: AgentPhonesRequest) => {
  if (m.type === 'register') {
    void (async () => {
      const failed: string[] = [];
      // A few at a time, as phones starting up do.
      for (let i = 0; i < m.agents.length; i += 20) {
        const batch = m.agents.slice(i, i + 20);
        const results = await Promise.all(
          batch.map((a) => register(m.registrar, a.user, a.password).catch(() => false)),
        );
        for (const [j, ok] of results.entries()) if (!ok) failed.push(batch[j]!.user);
      }
      send({ type: 'registered', ok: m.agents.length - failed.length, failed });
    })();
  } else if (m.type === 'behave') {
    behaviour = { answerAfterMs: m.answerAfterMs, talkMs: m.talkMs, finishAcw: m.finishAcw };
  } else {
    process.disconnect();
  }
});
process.on('disconnect', () => {
  sink.close();
  void stack.close();
});
send({ type: 'ready', sipPort, mediaPort });
