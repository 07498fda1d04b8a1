import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { AfterCallWork } from './AfterCallWork';
import { CallPanel } from './CallPanel';
import { IncomingCard } from './IncomingCard';
import { StateControls } from './StateControls';
import type { WorkbenchSession } from './session';
import { type SignedOutReason, useWorkbench } from './useWorkbench';

/** The signed-in workbench: the agent's state, and the offered call, the call or its after-call work. */
export function Workbench({
  session,
  onSignedOut,
}: {
  session: WorkbenchSession;
  onSignedOut: (why: SignedOutReason) => void;
}) {
  const { t } = useTranslation('workbench');
  const wb = useWorkbench(session, onSignedOut);
  const { view } = wb;
  const agent = view.agent ?? session.agent;
  const state = view.state?.state;
  return (
    <div className="wb-page">
      <header className="wb-top">
        <span className="brand">
          <span className="brand-mark">H</span> {t('title')}
        </span>
        <span className="wb-agent">
          <strong>{agent.displayName}</strong>{' '}
          <span className="muted">
            {agent.loginName} · {agent.instance}
          </span>
        </span>
        <span className="topbar-spacer" />
        {view.socket !== 'open' && (
          <span className="badge" role="status">
            {t(`socket.${view.socket}`)}
          </span>
        )}
        <LanguageSwitch />
        <button
          type="button"
          className="button button-small"
          onClick={wb.signOut}
          disabled={state === 'busy'}
        >
          {t('signOut')}
        </button>
      </header>
      <main className="wb-main">
        <StateControls state={view.state} onReady={wb.setReady} onNotReady={wb.setNotReady} />
        {view.error && (
          <div className="error-box" role="alert">
            <div className="error-box-main">
              <span className="error-message">{view.error}</span>
              <button type="button" className="link-button" onClick={wb.dismissError} aria-label="×">
                ×
              </button>
            </div>
          </div>
        )}
        {view.call ? (
          <CallPanel call={view.call} held={view.held} muted={view.muted} controls={wb} />
        ) : view.offer ? (
          <IncomingCard offer={view.offer} onAnswer={() => void wb.answer()} onReject={wb.reject} />
        ) : state === 'afterCallWork' && view.state ? (
          <AfterCallWork state={view.state} ended={view.ended} onFinish={wb.finishAfterCallWork} />
        ) : (
          <section className="wb-card wb-idle panel">
            <p className="muted">
              {t(state === 'ready' ? 'idle.ready' : state === 'notReady' ? 'idle.notReady' : 'idle.offline')}
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
