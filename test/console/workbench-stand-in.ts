/**
 * The workbench test's stand-in for the server side of docs/workbench-protocol.md: the built
 * console (served as Hotline serves it), POST /v1/workbench/sessions for one agent, and the
 * /v1/workbench/ws socket with the agent's states, an offered call, and a real WebRTC leg
 * (src/telephony/webrtc) bridged by the real RtpBridge to a stand-in caller that speaks a tone and
 * keeps what it hears. Only what the page needs; the real server follows the same document.
 */
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { consoleStatic } from '../../src/api/console-static.js';
import { systemClock } from '../../src/shared/clock.js';
import { type BridgeLeg, RtpBridge } from '../../src/telephony/media/bridge.js';
import { encodeG711 } from '../../src/telephony/media/g711.js';
import type { RtpPacket } from '../../src/telephony/media/rtp-packet.js';
import { RtpSender } from '../../src/telephony/media/rtp-sender.js';
import { createWebRtcLegs, type WebRtcLeg, type WebRtcLegs } from '../../src/telephony/webrtc/index.js';

export const AGENT = { loginName: 'alice', displayName: 'Alice Wang', instance: 'hz-support' };
export const PASSWORD = 'correct horse';
const TOKEN = 'wb_standin_token_0123456789';
const SUBPROTOCOL = 'hotline-workbench.v1';

/** The part of a ws socket the stand-in uses (the ws package ships no types here). */
interface Socket {
  send(data: string): void;
  close(code?: number): void;
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'close', fn: () => void): void;
}

export interface OfferedCall {
  callId: string;
  ani: string;
  region?: string;
  skillGroup?: string;
  variables: Record<string, string>;
}

type Message = Record<string, unknown> & { type: string };

/** The caller's side of the bridge: speaks a PCMU tone every 20 ms and keeps the payloads it hears. */
export class CallerStandIn implements BridgeLeg {
  readonly codec = 'PCMU' as const;
  readonly payloadType = 0;
  readonly telephoneEventPayloadType = 101;
  readonly heard: Buffer[] = [];
  readonly sender = new RtpSender((datagram) => {
    this.heard.push(Buffer.from(datagram.subarray(12)));
    return true;
  }, systemClock);
  private relay: ((p: RtpPacket, at: number) => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly closers = new Set<() => void>();

  constructor(private readonly toneHz: number) {}

  attachRelay(relay: ((p: RtpPacket, at: number) => void) | null): void {
    this.relay = relay ?? undefined;
  }

  whenClosed(fn: () => void): () => void {
    this.closers.add(fn);
    return () => this.closers.delete(fn);
  }

  speak(): void {
    const pcm = new Int16Array(8000);
    for (let i = 0; i < pcm.length; i++)
      pcm[i] = Math.round(Math.sin((2 * Math.PI * this.toneHz * i) / 8000) * 8000);
    const second = encodeG711('PCMU', pcm);
    let n = 0;
    this.timer = setInterval(() => {
      const at = (n % 50) * 160;
      this.relay?.(
        {
          marker: n === 0,
          payloadType: 0,
          sequence: n & 0xffff,
          timestamp: (n * 160) >>> 0,
          ssrc: 0xca11e4,
          payload: Buffer.from(second.subarray(at, at + 160)),
        },
        performance.now(),
      );
      n++;
    }, 20);
  }

  hangUp(): void {
    clearInterval(this.timer);
    for (const fn of [...this.closers]) fn();
    this.closers.clear();
  }
}

export interface WorkbenchStandIn {
  url: string;
  legs: WebRtcLegs;
  /** What the page sent, in order. */
  received: Message[];
  /** The call's leg and caller once answered. */
  call: { leg: WebRtcLeg; caller: CallerStandIn; bridge: RtpBridge } | undefined;
  offer(call: OfferedCall): void;
  close(): Promise<void>;
}

export async function startWorkbenchStandIn(options: {
  portRange: { min: number; max: number };
  callerHz: number;
}) {
  const app: FastifyInstance = Fastify({ logger: false });
  const legs = createWebRtcLegs({ portRange: options.portRange });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      // Select the protocol name, never the token (protocol §2).
      handleProtocols: (protocols: Set<string>) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    },
  });
  await consoleStatic(app);

  let socket: Socket | undefined;
  let state: Record<string, unknown> = { state: 'offline', since: Date.now() };
  let offered: OfferedCall | undefined;
  const standIn: WorkbenchStandIn = {
    url: '',
    legs,
    received: [],
    call: undefined,
    offer(call) {
      offered = call;
      setState('ringing');
      send({ type: 'incoming', ...call });
    },
    async close() {
      standIn.call?.caller.hangUp();
      await legs.close();
      await app.close();
    },
  };
  const send = (m: Message) => socket?.send(JSON.stringify(m));
  const setState = (s: string, extra: Record<string, unknown> = {}) => {
    state = { state: s, since: Date.now(), ...extra };
    send({ type: 'state', ...state });
  };

  app.post('/v1/workbench/sessions', async (request, reply) => {
    const body = request.body as { instance?: string; loginName?: string; password?: string };
    if (body.instance !== AGENT.instance || body.loginName !== AGENT.loginName || body.password !== PASSWORD)
      return reply
        .status(401)
        .send({ code: 'Unauthenticated', message: 'the instance, agent or password is wrong' });
    return reply.status(201).send({ token: TOKEN, expiresAt: Date.now() + 3_600_000, agent: AGENT });
  });

  app.get('/v1/workbench/ws', { websocket: true }, (ws: Socket, request) => {
    const offeredProtocols = String(request.headers['sec-websocket-protocol'] ?? '').split(/,\s*/);
    if (!offeredProtocols.includes(TOKEN)) return ws.close(4001);
    socket = ws;
    send({ type: 'hello', agent: AGENT, state });
    ws.on('close', () => {
      if (socket === ws) socket = undefined;
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString('utf8')) as Message;
      standIn.received.push(m);
      void handle(m).catch((err: Error) => send({ type: 'error', message: err.message }));
    });
  });

  async function handle(m: Message): Promise<void> {
    switch (m.type) {
      case 'setState':
        if (m['state'] === 'notReady') setState('notReady', { reason: m['reason'] });
        else setState('ready');
        return;
      case 'reject':
        offered = undefined;
        send({ type: 'offerEnded', callId: m['callId'], reason: 'rejected' });
        setState('notReady', { reason: 'rejected' });
        return;
      case 'answer': {
        if (!offered || offered.callId !== m['callId']) throw new Error('that call is no longer offered');
        const callId = offered.callId;
        const leg = legs.create();
        const sdp = await leg.answer(String(m['sdp']));
        const caller = new CallerStandIn(options.callerHz);
        const bridge = new RtpBridge(leg, caller);
        standIn.call = { leg, caller, bridge };
        send({ type: 'answerSdp', callId, sdp });
        const connected = setInterval(() => {
          if (leg.connectionState !== 'connected') return;
          clearInterval(connected);
          send({ type: 'connected', callId, since: Date.now() });
          setState('busy');
          caller.speak();
        }, 10);
        leg.onClosed(() => clearInterval(connected));
        return;
      }
      case 'hold':
        send({ type: 'held', on: m['on'] === true });
        return;
      case 'hangup': {
        const call = standIn.call;
        if (!call || !offered) throw new Error('there is no call to hang up');
        call.caller.hangUp();
        await call.leg.close();
        send({ type: 'callEnded', callId: offered.callId, by: 'agent' });
        offered = undefined;
        const since = Date.now();
        state = { state: 'afterCallWork', since, acwEndsAt: since + 30_000 };
        send({ type: 'state', ...state });
        return;
      }
      case 'finishAfterCallWork':
        setState('ready');
        return;
      default:
        throw new Error(`the stand-in does not handle ${m.type}`);
    }
  }

  standIn.url = await app.listen({ host: '127.0.0.1', port: 0 });
  return standIn;
}
