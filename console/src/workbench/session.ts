/** Sign-in for the workbench (POST /v1/workbench/sessions) and the token kept for this tab. */
import { ApiError } from '../api/client';
import type { AgentInfo } from './protocol';

export interface WorkbenchSession {
  token: string;
  expiresAt?: number;
  agent: AgentInfo;
}

const STORAGE_KEY = 'hotline.workbench';

/** `account` is needed only when instances of that name exist in several accounts. */
export async function signIn(input: {
  account?: string;
  instance: string;
  loginName: string;
  password: string;
}): Promise<WorkbenchSession> {
  const res = await fetch('/v1/workbench/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json().catch(() => ({}))) as Partial<WorkbenchSession> & {
    code?: string;
    message?: string;
  };
  if (!res.ok || typeof body.token !== 'string' || !body.agent)
    throw new ApiError(body.code ?? 'Unavailable', body.message ?? `HTTP ${res.status}`, res.status);
  const session: WorkbenchSession = { token: body.token, agent: body.agent };
  if (body.expiresAt !== undefined) session.expiresAt = body.expiresAt;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function savedSession(): WorkbenchSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const s = raw ? (JSON.parse(raw) as WorkbenchSession) : null;
    return s && typeof s.token === 'string' && (!s.expiresAt || s.expiresAt > Date.now()) ? s : null;
  } catch {
    return null;
  }
}

export function forgetSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
