import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bindApi } from '../api';
import { createApiClient } from '../api/client';
import { createSession } from '../api/sessions';
import { ErrorBox } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useAction } from '../hooks/action';
import { useAuth } from '../hooks/auth';

type Mode = 'password' | 'apiKey';
const ACCOUNT_KEY = 'hotline.lastAccount';

/** Sign-in with an account's user and password (a session), or with an API key. */
export function SignIn() {
  const { t } = useTranslation();
  const { sessionEnded } = useAuth();
  const [mode, setMode] = useState<Mode>('password');
  return (
    <div className="signin-page">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <div className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark">H</span> Hotline
        </div>
        <h1>{t('auth.title')}</h1>
        <p className="muted">{t('auth.intro')}</p>
        {sessionEnded && (
          <div className="notice notice-warn" role="status">
            {t('auth.sessionEnded')}
          </div>
        )}
        <div className="tabs signin-tabs" role="tablist">
          {(['password', 'apiKey'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              className={`tab${mode === m ? ' tab-active' : ''}`}
              onClick={() => setMode(m)}
            >
              {m === 'password' ? t('auth.withPassword') : t('auth.withKey')}
            </button>
          ))}
        </div>
        {mode === 'password' ? <PasswordForm /> : <ApiKeyForm />}
      </div>
    </div>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [account, setAccount] = useState(() => localStorage.getItem(ACCOUNT_KEY) ?? '');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const ready = account.trim() && user.trim() && password;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const session = await action.run(() =>
      createSession({ account: account.trim(), user: user.trim(), password }),
    );
    if (!session) return;
    localStorage.setItem(ACCOUNT_KEY, session.account);
    signIn(session.token, { account: session.account, user: session.user, expiresAt: session.expiresAt });
  };
  return (
    <form onSubmit={submit}>
      <Field label={t('auth.account')} required>
        {(id) => (
          <input
            id={id}
            autoComplete="organization"
            placeholder="root"
            value={account}
            onChange={(e) => setAccount(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('auth.user')} required>
        {(id) => (
          <input
            id={id}
            autoComplete="username"
            placeholder="owner"
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('auth.password')} required>
        {(id) => (
          <input
            id={id}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <ErrorBox error={action.error} />
      <button type="submit" className="button button-primary button-block" disabled={!ready || action.busy}>
        {t('auth.signIn')}
      </button>
      <p className="hint">{t('auth.passwordHint')}</p>
    </form>
  );
}

function ApiKeyForm() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const [key, setKey] = useState('');
  const action = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const k = key.trim();
    const ok = await action.run(async () => {
      await bindApi(createApiClient(k, () => undefined)).fn.regions();
      return true;
    });
    if (ok) signIn(k);
  };
  return (
    <form onSubmit={submit}>
      <Field label={t('auth.apiKey')} hint={t('auth.keyHint')} required>
        {(id) => (
          <input
            id={id}
            type="password"
            autoComplete="off"
            placeholder="hl_key_…"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        )}
      </Field>
      <ErrorBox error={action.error} />
      <button
        type="submit"
        className="button button-primary button-block"
        disabled={!key.trim() || action.busy}
      >
        {t('auth.signIn')}
      </button>
    </form>
  );
}
