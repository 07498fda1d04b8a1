import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commonErrors } from '../shared/errors.js';
import type { ApiServices } from './context.js';

/** Routes that answer without credentials. */
const publicPaths = new Set(['/openapi.json', '/healthz', '/metrics']);

/**
 * Every request under /v1 carries an API key: `Authorization: Bearer hl_…` or `X-Api-Key: hl_…`.
 * The principal it resolves to is on request.principal for the routes' permission checks.
 */
export function installAuthentication(app: FastifyInstance, services: ApiServices): void {
  app.decorateRequest('principal', undefined as unknown as FastifyRequest['principal']);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (publicPaths.has(path) || !path.startsWith('/v1/')) return;
    const token = credentialOf(request);
    if (!token) {
      throw commonErrors.Unauthenticated(
        'missing API key: send "Authorization: Bearer <key>" (the root key is in <data>/root-api-key)',
      );
    }
    const principal = await services.accounts.authenticate(token);
    if (!principal) throw commonErrors.Unauthenticated('the API key is not valid');
    request.principal = principal;
  });
}

function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const key = request.headers['x-api-key'];
  return typeof key === 'string' ? key.trim() : undefined;
}
