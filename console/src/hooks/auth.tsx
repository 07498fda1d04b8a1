/**
 * The signed-in token (kept in localStorage): an API key, or a session token from password sign-in
 * with who it belongs to and when it ends. The API bound to it is below.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type Api, bindApi } from '../api';
import { createApiClient } from '../api/client';
import { endSession, isSessionToken } from '../api/sessions';

const STORAGE_KEY = 'hotline.apiKey';
const IDENTITY_KEY = 'hotline.session';

/** Who a session token signs in (password sign-in only). */
export interface Identity {
  account: string;
  user: string;
  expiresAt: string;
}

interface AuthState {
  key: string | null;
  api: Api | null;
  identity: Identity | null;
  /** Set when a session ended by itself (expired, or signed out elsewhere): the sign-in page says so. */
  sessionEnded: boolean;
  signIn(key: string, identity?: Identity): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

function readIdentity(): Identity | null {
  try {
    const raw = localStorage.getItem(IDENTITY_KEY);
    return raw ? (JSON.parse(raw) as Identity) : null;
  } catch {
    return null;
  }
}

function readKey(): string | null {
  try {
    const key = localStorage.getItem(STORAGE_KEY);
    if (key && isSessionToken(key)) {
      const identity = readIdentity();
      if (!identity || Date.parse(identity.expiresAt) <= Date.now()) return null;
    }
    return key;
  } catch {
    return null;
  }
}

function forget(): void {
  localStorage.removeItem(STORAGE_KEY);
  localStorage.removeItem(IDENTITY_KEY);
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [key, setKey] = useState<string | null>(readKey);
  const [identity, setIdentity] = useState<Identity | null>(() => (key ? readIdentity() : null));
  const [sessionEnded, setSessionEnded] = useState(false);
  const signOut = useCallback(() => {
    const current = localStorage.getItem(STORAGE_KEY);
    if (current && isSessionToken(current)) void endSession(current);
    forget();
    setKey(null);
    setIdentity(null);
  }, []);
  /** The API answered 401: the token no longer works. */
  const lost = useCallback(() => {
    const current = localStorage.getItem(STORAGE_KEY);
    forget();
    setSessionEnded(current !== null && isSessionToken(current));
    setKey(null);
    setIdentity(null);
  }, []);
  const signIn = useCallback((k: string, who?: Identity) => {
    localStorage.setItem(STORAGE_KEY, k);
    if (who) localStorage.setItem(IDENTITY_KEY, JSON.stringify(who));
    else localStorage.removeItem(IDENTITY_KEY);
    setKey(k);
    setIdentity(who ?? null);
    setSessionEnded(false);
  }, []);
  const api = useMemo(() => (key ? bindApi(createApiClient(key, lost)) : null), [key, lost]);
  const value = useMemo(
    () => ({ key, identity, sessionEnded, api, signIn, signOut }),
    [key, identity, sessionEnded, api, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** The API of the signed-in token (pages below the sign-in gate only). */
export function useApi(): Api {
  const { api } = useAuth();
  if (!api) throw new Error('useApi without a signed-in key');
  return api;
}
