import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useAction } from '../hooks/action';
import { signIn, type WorkbenchSession } from './session';

/** Instance, agent login name and password → a workbench session. */
export function SignInForm({
  notice,
  onSignedIn,
}: {
  notice?: string;
  onSignedIn: (s: WorkbenchSession) => void;
}) {
  const { t } = useTranslation('workbench');
  const [account, setAccount] = useState('');
  const [instance, setInstance] = useState('');
  const [loginName, setLoginName] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const session = await action.run(() =>
      signIn({
        ...(account.trim() ? { account: account.trim() } : {}),
        instance: instance.trim(),
        loginName: loginName.trim(),
        password,
      }),
    );
    if (session) onSignedIn(session);
  };
  const complete = instance.trim() && loginName.trim() && password;
  return (
    <div className="signin-page">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <form className="signin-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark">H</span> {t('title')}
        </div>
        <h1>{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        {notice && (
          <div className="notice notice-warn" role="status">
            {notice}
          </div>
        )}
        <Field label={t('signIn.instance')} required>
          {(id) => <input id={id} value={instance} onChange={(e) => setInstance(e.target.value)} />}
        </Field>
        <Field label={t('signIn.account')} hint={t('signIn.accountHint')}>
          {(id) => (
            <input
              id={id}
              autoComplete="organization"
              value={account}
              onChange={(e) => setAccount(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('signIn.loginName')} required>
          {(id) => (
            <input
              id={id}
              autoComplete="username"
              value={loginName}
              onChange={(e) => setLoginName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('signIn.password')} required>
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
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={!complete || action.busy}
        >
          {t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
