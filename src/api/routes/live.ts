import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, type Principal, resourceNames } from '../../accounts/principal.js';
import { AGENT_STATES } from '../../acd/agent-state.js';
import type { LiveSnapshot } from '../../contact-center/live-acd.js';
import { HotlineError } from '../../shared/errors.js';
import { authenticateRequest, STREAM_PROTOCOL } from '../auth.js';
import type { ApiServices } from '../context.js';
import { type LiveFeed, startLiveFeed } from '../live-feed.js';
import { errorResponses, instanceParams } from '../schemas.js';

const liveSnapshotBody = z.object({
  at: z.string().describe('When the snapshot was taken'),
  skillGroups: z.array(
    z.object({
      groupId: z.string(),
      waiting: z.number().describe('Calls in the queue, not ringing'),
      ringing: z.number().describe('Calls being offered to an agent'),
      talking: z.number(),
      longestWaitMs: z.number().describe('Age of the oldest call not yet answered; 0 when none'),
      agents: z.partialRecord(z.enum(AGENT_STATES), z.number()).describe('Members of the group by state'),
    }),
  ),
  agents: z.array(
    z.object({
      agentId: z.string(),
      state: z.enum(AGENT_STATES),
      reason: z.string().optional(),
      since: z.number(),
      idleSince: z.number().optional(),
      skills: z.array(z.object({ groupId: z.string(), level: z.number() })),
      callId: z.string().optional(),
    }),
  ),
  perMinute: z
    .array(
      z.object({
        minute: z.string(),
        queued: z.number(),
        answered: z.number(),
        abandoned: z.number(),
        unanswered: z.number().describe('Queue timeout, queue full or no agents'),
        averageWaitMs: z.number().nullable().describe('Mean wait of the calls whose wait ended this minute'),
      }),
    )
    .describe('The last 60 minutes, oldest first'),
});

/** Fewest milliseconds between two pushed snapshots. */
const MIN_INTERVAL_MS = 250;
/** A snapshot is pushed at least this often: every second while calls wait (their wait grows). */
const REFRESH_WAITING_MS = 1000;
const REFRESH_IDLE_MS = 15_000;
/** A subscriber this far behind misses snapshots until it catches up. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** The live view of an instance: a snapshot over HTTP, and the same snapshots pushed over a WebSocket. */
export function liveRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const canView = (principal: Principal, instance: string) =>
    authorize(
      principal,
      'ccc:GetLiveView',
      resourceNames.ccc(principal.accountId, `instances/${instance}/calls`),
    );

  r.route({
    method: 'GET',
    url: '/v1/instances/:instance/live',
    schema: {
      tags: ['contact center'],
      summary: 'Queues per skill group, agents by state and the last hour per minute; also a WebSocket',
      description:
        'Over HTTP: one snapshot. As a WebSocket (`Upgrade: websocket` on the same path): a snapshot at ' +
        'once, then one after every change of the queues or agents (at most 4 a second), and at least ' +
        'every second while calls wait (every 15 s otherwise). Each message is ' +
        '`{"type":"snapshot","snapshot":{…}}`; an error is `{"type":"error","code","message"}` before ' +
        'the socket closes with 4000 + its HTTP status (4401, 4403, 4404) or 1011. Browsers, which cannot ' +
        `set headers on a WebSocket, offer two subprotocols: \`${STREAM_PROTOCOL}\` and ` +
        '`bearer.<token>` (an API key or session token); the server answers with ' +
        `\`${STREAM_PROTOCOL}\`. Other clients may send \`Authorization: Bearer <token>\` instead. ` +
        'Authorization is as for the snapshot (ccc:GetLiveView), checked again while the socket is open.',
      params: instanceParams,
      response: { 200: liveSnapshotBody, ...errorResponses },
    },
    preHandler: async (req) => {
      canView(req.principal, req.params.instance);
      // A WebSocket to an instance that does not exist is refused before the upgrade (404).
      if (req.ws) await s.cc.instances.find(req.principal.accountId, req.params.instance);
    },
    handler: async (req) => s.cc.acds.snapshot(req.principal.accountId, req.params.instance),
    wsHandler: (socket, req) => streamLive(s, socket, req, req.params.instance, canView),
  });
}

/** The subset of a `ws` socket the stream uses. */
interface LiveSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'message', listener: (data: Buffer) => void): unknown;
}

function streamLive(
  s: ApiServices,
  socket: LiveSocket,
  req: FastifyRequest,
  instance: string,
  canView: (principal: Principal, instance: string) => void,
): void {
  const { accountId } = req.principal;
  let feed: LiveFeed | undefined;
  let unwatch: (() => void) | undefined;
  let ended = false;
  const end = () => {
    ended = true;
    feed?.close();
    unwatch?.();
  };
  socket.on('close', end);
  // `{"type":"refresh"}` asks for a snapshot now (e.g. after the client changed an agent's state).
  socket.on('message', (data) => {
    if (data.toString() === '{"type":"refresh"}') feed?.changed();
  });

  const fail = (err: unknown) => {
    const e = err instanceof HotlineError ? err : undefined;
    if (!e) req.log.warn({ err }, 'live view stream failed');
    const body = e
      ? { code: e.code, message: e.message }
      : { code: 'Internal', message: 'the live view failed' };
    socket.send(JSON.stringify({ type: 'error', ...body }));
    socket.close(e && e.status < 500 ? 4000 + e.status : 1011, body.code);
    end();
  };

  feed = startLiveFeed<LiveSnapshot>({
    clock: s.clock,
    minIntervalMs: MIN_INTERVAL_MS,
    refreshAfterMs: (snap) =>
      snap.skillGroups.some((g) => g.waiting + g.ringing > 0) ? REFRESH_WAITING_MS : REFRESH_IDLE_MS,
    // Each snapshot checks the token and its permission again: a signed-out session or a
    // detached policy ends the stream.
    snapshot: async () => {
      const { principal } = await authenticateRequest(s, req);
      canView(principal, instance);
      return s.cc.acds.snapshot(accountId, instance);
    },
    send: (snap) => {
      if (socket.bufferedAmount <= MAX_BUFFERED_BYTES)
        socket.send(JSON.stringify({ type: 'snapshot', snapshot: snap }));
    },
    fail,
  });
  s.cc.acds
    .watch(accountId, instance, () => feed?.changed())
    .then((off) => {
      if (ended) off();
      else unwatch = off;
    }, fail);
}
