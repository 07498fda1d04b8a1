import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowProblem } from '../api/flow-types';
import { Dialog } from '../components/Dialog';
import { ErrorBox } from '../components/ErrorBox';
import { useAction } from '../hooks/action';

/** Publish the saved draft as a new version, with a note; warnings are listed first. */
export function PublishDialog({
  warnings,
  onPublish,
  onClose,
}: {
  warnings: FlowProblem[];
  onPublish(note: string): Promise<unknown>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const action = useAction();
  return (
    <Dialog
      title={t('designer.publish')}
      onClose={onClose}
      onSubmit={() => void action.run(() => onPublish(note))}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={action.busy}>
            {t('designer.publish')}
          </button>
        </>
      }
    >
      <p>{t('designer.publishIntro')}</p>
      {warnings.length > 0 && (
        <>
          <p className="muted">{t('designer.publishWarnings', { count: warnings.length })}</p>
          <ul className="problem-list">
            {warnings.map((w, i) => (
              <li key={i} className="problem problem-warning">
                {w.moduleId ? `${w.moduleId}: ` : ''}
                {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="field">
        <label htmlFor="publish-note">{t('designer.note')}</label>
        <input id="publish-note" value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
