/**
 * The agent workbench (/console/workbench): its own sign-in (instance, agent, password), no API
 * key. It speaks docs/workbench-protocol.md over one WebSocket.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './i18n';
import './workbench.css';
import { SignInForm } from './SignInForm';
import { forgetSession, savedSession, type WorkbenchSession } from './session';
import type { SignedOutReason } from './useWorkbench';
import { Workbench } from './Workbench';

export function WorkbenchPage() {
  const { t } = useTranslation('workbench');
  const [session, setSession] = useState<WorkbenchSession | null>(savedSession);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const signedOut = useCallback(
    (why: SignedOutReason) => {
      forgetSession();
      setSession(null);
      setNotice(
        why === 'badToken' ? t('signIn.badToken') : why === 'replaced' ? t('signIn.replaced') : undefined,
      );
    },
    [t],
  );
  const signedIn = useCallback((s: WorkbenchSession) => {
    setNotice(undefined);
    setSession(s);
  }, []);
  return session ? (
    <Workbench session={session} onSignedOut={signedOut} />
  ) : (
    <SignInForm notice={notice} onSignedIn={signedIn} />
  );
}
