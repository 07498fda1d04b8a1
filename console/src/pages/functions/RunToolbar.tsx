import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { TriggerEventDialog } from './TriggerEventDialog';

const EMPTY = '';

/** Choose a saved trigger event (or none), edit events, and Run. */
export function RunToolbar({
  fnRef,
  busy,
  dirty,
  onRun,
}: {
  fnRef: FunctionRef;
  busy: boolean;
  dirty: boolean;
  onRun(event: string | undefined): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const events = useResource(() => api.fn.events(fnRef), [api, fnRef.region, fnRef.service, fnRef.fn]);
  const [selected, setSelected] = useState(EMPTY);
  const [editing, setEditing] = useState(false);
  const list = events.data ?? [];
  const current = list.some((e) => e.name === selected) ? selected : EMPTY;
  return (
    <>
      <label className="inline-label">
        {t('fn.event')}
        <select aria-label={t('fn.event')} value={current} onChange={(e) => setSelected(e.target.value)}>
          <option value={EMPTY}>{t('fn.emptyEvent')}</option>
          {list.map((e) => (
            <option key={e.name} value={e.name}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={() => setEditing(true)}>
        {t('fn.triggerEvents')}
      </button>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => onRun(current === EMPTY ? undefined : current)}
      >
        {dirty ? t('fn.deployAndRun') : t('fn.run')}
      </button>
      {editing && (
        <TriggerEventDialog
          fnRef={fnRef}
          events={list}
          initial={current === EMPTY ? undefined : current}
          onClose={() => setEditing(false)}
          onSaved={async (name) => {
            await events.reload();
            setSelected(name ?? EMPTY);
            setEditing(false);
          }}
        />
      )}
    </>
  );
}
