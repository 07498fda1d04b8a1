import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../accounts/principal.js';
import { WORKBENCH_PROTOCOL } from '../contact-center/workbench/protocol.js';
import { commonErrors } from '../shared/errors.js';
import type { ApiServices } from './context.js';

/** Routes that answer without credentials (method and path). */
const publicRoutes = new Set([
  'GET /openapi.json',
  'GET /healthz',
  'GET /metrics',
  'POST /v1/sessions',
  // The workbench signs agents in and checks its own tokens (docs/workbench-protocol.md).
  'POST /v1/workbench/sessions',
  'GET /v1/workbench/ws',
]);

/** What authenticated a request: an API key, or a session from password sign-in. */
export type Credential = { kind: 'apiKey' } | { kind: 'session'; sessionId: string };

/**
 * The WebSocket subprotocol of Hotline's streams. A browser cannot set headers on a WebSocket, so it
 * sends its token as a second offered subprotocol, `bearer.<token>`; the server answers with this
 * one (never with the token).
 */
export const STREAM_PROTOCOL = 'hotline.v1';
const BEARER_PROTOCOL = 'bearer.';

/**
 * Every request under /v1 carries a token: an API key (`hl_…`) or a session token (`hs_…`), as
 * `Authorization: Bearer <token>` or `X-Api-Key: <token>`, or for a WebSocket as the subprotocol
 * `bearer.<token>`. The principal it resolves to is on request.principal for the routes' checks.
 */
export function installAuthentication(app: FastifyInstance, services: ApiServices): void {
  app.decorateRequest('principal', undefined as unknown as FastifyRequest['principal']);
  app.decorateRequest<Credential | undefined>('credential', undefined);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (publicRoutes.has(`${request.method} ${path}`) || !path.startsWith('/v1/')) return;
    const found = await authenticateRequest(services, request);
    request.principal = found.principal;
    request.credential = found.credential;
  });
}

/**
 * The principal of a request's token, read again from the store (a long-lived WebSocket checks
 * its token this way while it runs). Throws Unauthenticated.
 */
export async function authenticateRequest(
  services: ApiServices,
  request: FastifyRequest,
): Promise<{ principal: Principal; credential: Credential }> {
  const token = credentialOf(request);
  if (!token) {
    throw commonErrors.Unauthenticated(
      'missing API key: send "Authorization: Bearer <key>" (the root key is in <data>/root-api-key)',
    );
  }
  const found = await authenticate(services, token);
  if (!found) {
    throw commonErrors.Unauthenticated(
      token.startsWith('hs_')
        ? 'the session has ended or is not valid: sign in again'
        : 'the API key is not valid',
    );
  }
  return found;
}

async function authenticate(
  services: ApiServices,
  token: string,
): Promise<{ principal: Principal; credential: Credential } | undefined> {
  if (token.startsWith('hs_')) {
    const session = await services.sessions.authenticate(token);
    return (
      session && {
        principal: session.principal,
        credential: { kind: 'session', sessionId: session.sessionId },
      }
    );
  }
  const principal = await services.accounts.authenticate(token);
  return principal && { principal, credential: { kind: 'apiKey' } };
}

function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const key = request.headers['x-api-key'];
  if (typeof key === 'string') return key.trim();
  return request.headers.upgrade?.toLowerCase() === 'websocket' ? protocolToken(request) : undefined;
}

function protocolToken(request: FastifyRequest): string | undefined {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered !== 'string') return undefined;
  for (const value of offered.split(',')) {
    const v = value.trim();
    if (v.startsWith(BEARER_PROTOCOL)) return v.slice(BEARER_PROTOCOL.length);
  }
  return undefined;
}

/** The subprotocol a WebSocket server answers with: Hotline's or the workbench's, when offered (never the token). */
export function selectStreamProtocol(offered: Set<string>): string | false {
  if (offered.has(STREAM_PROTOCOL)) return STREAM_PROTOCOL;
  return offered.has(WORKBENCH_PROTOCOL) ? WORKBENCH_PROTOCOL : false;
}
