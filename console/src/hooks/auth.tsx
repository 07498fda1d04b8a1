/** The signed-in API key (kept in localStorage) and the API bound to it. */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type Api, bindApi } from '../api';
import { createApiClient } from '../api/client';

const STORAGE_KEY = 'hotline.apiKey';

interface AuthState {
  key: string | null;
  api: Api | null;
  signIn(key: string): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

function readKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [key, setKey] = useState<string | null>(readKey);
  const signOut = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setKey(null);
  }, []);
  const signIn = useCallback((k: string) => {
    localStorage.setItem(STORAGE_KEY, k);
    setKey(k);
  }, []);
  const api = useMemo(() => (key ? bindApi(createApiClient(key, signOut)) : null), [key, signOut]);
  const value = useMemo(() => ({ key, api, signIn, signOut }), [key, api, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** The API of the signed-in key (pages below the sign-in gate only). */
export function useApi(): Api {
  const { api } = useAuth();
  if (!api) throw new Error('useApi without a signed-in key');
  return api;
}
