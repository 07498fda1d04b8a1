import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commonErrors } from '../../shared/errors.js';
import type { ApiServices } from '../context.js';
import { errorBody, errorResponses } from '../schemas.js';

const sessionBody = z.object({
  token: z.string().describe('Send as "Authorization: Bearer <token>" until expiresAt.'),
  expiresAt: z.string(),
  account: z.string(),
  user: z.string(),
});

/** Password sign-in for the console: a session token used like an API key, and sign-out. */
export function sessionRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['access'];

  r.post('/v1/sessions', {
    schema: {
      tags,
      summary: "Sign in with a user's password: a session token with the user's policies",
      description:
        'Needs no credentials. A wrong account, user or password all answer 401 SignInFailed. After ' +
        'auth.signInMaxFailures failures from one address it is refused for auth.signInLockoutMinutes ' +
        '(429 SignInLockedOut with Retry-After). Set a password with PUT /v1/users/{user}/password or ' +
        '`hotline user password <user>`.',
      security: [],
      body: z.strictObject({
        account: z.string().min(1).max(64),
        user: z.string().min(1).max(64),
        password: z.string().min(1).max(256),
      }),
      response: { 201: sessionBody, ...errorResponses, 429: errorBody },
    },
    handler: async (req, reply) => {
      const signedIn = await s.sessions.signIn(req.body, req.ip);
      return reply.status(201).send({
        token: signedIn.token,
        expiresAt: signedIn.expiresAt,
        account: req.body.account,
        user: signedIn.principal.userName,
      });
    },
  });

  r.delete('/v1/sessions/current', {
    schema: {
      tags,
      summary: 'Sign out: the session token of this request stops working',
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      if (req.credential.kind !== 'session')
        throw commonErrors.Conflict(
          'this request is signed with an API key, not a session; delete API keys with DELETE /v1/api-keys/{key}',
        );
      await s.sessions.end(req.credential.sessionId);
      return reply.status(204).send(null);
    },
  });
}
