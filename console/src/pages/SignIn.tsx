import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bindApi } from '../api';
import { createApiClient } from '../api/client';
import { ErrorBox } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useAction } from '../hooks/action';
import { useAuth } from '../hooks/auth';

/** Sign-in with an API key: checked against the API, then kept in this browser. */
export function SignIn() {
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
    <div className="signin-page">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <form className="signin-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark">H</span> Hotline
        </div>
        <h1>{t('auth.title')}</h1>
        <p className="muted">{t('auth.intro')}</p>
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
        <p className="hint">{t('auth.passwordLater')}</p>
      </form>
    </div>
  );
}
