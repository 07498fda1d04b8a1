import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WORKBENCH_PROTOCOL } from '../../contact-center/workbench/protocol.js';
import type { WorkbenchSocket } from '../../contact-center/workbench/workbench.js';
import type { ApiServices } from '../context.js';
import { errorBody, errorResponses } from '../schemas.js';

const signInBody = z.strictObject({
  account: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('The account (by name); needed only when several accounts have an instance of that name'),
  instance: z.string().trim().min(1).max(64),
  loginName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const sessionBody = z.object({
  token: z.string().describe(`Offer it as the second WebSocket subprotocol, after ${WORKBENCH_PROTOCOL}`),
  expiresAt: z.number().describe('Milliseconds since the epoch'),
  agent: z.object({ loginName: z.string(), displayName: z.string(), instance: z.string() }),
});

/** The agent workbench: sign-in, and the socket that carries everything else (docs/workbench-protocol.md). */
export function workbenchRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workbench'];

  r.post('/v1/workbench/sessions', {
    schema: {
      tags,
      summary: "Sign an agent in to the workbench with the agent's password",
      description:
        'Needs no credentials. A wrong instance, agent or password all answer 401 SignInFailed; too many ' +
        'failures from one address answer 429 SignInLockedOut (the console sign-in throttle, shared). ' +
        'Signing in again ends the older session (its socket closes with 4002). The token opens ' +
        'GET /v1/workbench/ws; see docs/workbench-protocol.md.',
      security: [],
      body: signInBody,
      response: { 201: sessionBody, ...errorResponses, 429: errorBody },
    },
    handler: async (req, reply) => {
      const { token, session } = await s.workbench.sessions.signIn(req.body, req.ip);
      return reply.status(201).send({
        token,
        expiresAt: session.expiresAt,
        agent: { loginName: session.loginName, displayName: session.displayName, instance: session.instance },
      });
    },
  });

  app.get(
    '/v1/workbench/ws',
    {
      websocket: true,
      schema: {
        tags,
        summary: "The workbench's WebSocket (offer the subprotocols hotline-workbench.v1 and the token)",
        security: [],
      },
    },
    (socket, req) => {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      void s.workbench.open(socket as unknown as WorkbenchSocket, offered);
    },
  );
}
