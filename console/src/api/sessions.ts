/** Password sign-in: POST /v1/sessions (no credentials) and sign-out of the session in use. */
import { errorOf } from './client';

export interface SessionAnswer {
  token: string;
  expiresAt: string;
  account: string;
  user: string;
}

export async function createSession(body: {
  account: string;
  user: string;
  password: string;
}): Promise<SessionAnswer> {
  const res = await fetch('/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as SessionAnswer;
}

/** Ends the session on the server; a token that already stopped working is fine. */
export async function endSession(token: string): Promise<void> {
  await fetch('/v1/sessions/current', {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  }).catch(() => undefined);
}

export function isSessionToken(token: string): boolean {
  return token.startsWith('hs_');
}
