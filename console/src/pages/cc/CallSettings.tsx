import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Instance } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import type { SectionProps } from './InstancePage';

/** The API's outbound number pattern: digits, optional leading +, X = any digit, final * = any further. */
const OUTBOUND_PATTERN = /^\+?[0-9X]{1,32}\*?$|^\*$/;

/** An instance's call policy: recording of conversations, and the numbers calls may go out to. */
export function CallSettings({ instance, info, onInfo }: SectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <section className="panel call-settings" aria-label={t('cc.callSettings')}>
      <div className="panel-head">
        <h3>{t('cc.callSettings')}</h3>
        <button type="button" className="button button-small" onClick={() => setEditing(true)}>
          {t('cc.editSettings')}
        </button>
      </div>
      <dl className="facts facts-compact">
        <dt>{t('cc.recordCalls')}</dt>
        <dd data-testid="record-calls">
          {info.recordCalls ? (
            <span className="status status-success">{t('cc.recordingOn')}</span>
          ) : (
            <span className="status status-muted">{t('cc.recordingOff')}</span>
          )}
        </dd>
        <dt>{t('cc.outboundAllow')}</dt>
        <dd data-testid="outbound-allow">
          {info.outbound.allow.length === 0 ? (
            <span className="muted">{t('cc.outboundNone')}</span>
          ) : (
            info.outbound.allow.map((p) => (
              <code key={p} className="chip mono">
                {p}
              </code>
            ))
          )}
        </dd>
        <dt>{t('cc.maxOutbound')}</dt>
        <dd data-testid="max-outbound">{info.outbound.maxConcurrentCalls}</dd>
      </dl>
      {editing && (
        <CallSettingsDialog
          instance={instance}
          info={info}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            onInfo(next);
          }}
        />
      )}
    </section>
  );
}

function CallSettingsDialog({
  instance,
  info,
  onClose,
  onSaved,
}: {
  instance: string;
  info: Instance;
  onClose(): void;
  onSaved(next: Instance): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [recordCalls, setRecordCalls] = useState(info.recordCalls);
  const [allowText, setAllowText] = useState(info.outbound.allow.join('\n'));
  const [maxCalls, setMaxCalls] = useState(String(info.outbound.maxConcurrentCalls));
  const action = useAction();
  const allow = parsePatterns(allowText);
  const bad = allow.filter((p) => !OUTBOUND_PATTERN.test(p));
  const max = Number(maxCalls);
  const maxValid = maxCalls.trim() !== '' && Number.isInteger(max) && max >= 0 && max <= 10_000;
  const submit = async () => {
    if (bad.length > 0 || !maxValid) return;
    const saved = await action.run(() =>
      api.cc.updateInstance(instance, { recordCalls, outbound: { allow, maxConcurrentCalls: max } }),
    );
    if (saved) onSaved(saved);
  };
  return (
    <Dialog
      title={t('cc.callSettings')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={action.busy || bad.length > 0 || !maxValid}
          >
            {t('common.save')}
          </button>
        </>
      }
    >
      <div className="checkbox-row">
        <label>
          <input type="checkbox" checked={recordCalls} onChange={(e) => setRecordCalls(e.target.checked)} />{' '}
          {t('cc.recordCalls')}
        </label>
      </div>
      <div className="hint hint-block">{t('cc.recordCallsHint')}</div>
      <Field
        label={t('cc.outboundAllow')}
        hint={t('cc.outboundAllowHint')}
        error={bad.length > 0 ? t('cc.badPatterns', { patterns: bad.join(', ') }) : undefined}
      >
        {(id) => (
          <textarea
            id={id}
            className="mono"
            rows={5}
            value={allowText}
            placeholder={'010*\n+86138XXXXXXXX'}
            onChange={(e) => setAllowText(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('cc.maxOutbound')} hint={t('cc.maxOutboundHint')} required>
        {(id) => (
          <input
            id={id}
            type="number"
            min={0}
            max={10_000}
            value={maxCalls}
            onChange={(e) => setMaxCalls(e.target.value)}
          />
        )}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}

/** One pattern a line (commas and spaces separate too), blanks dropped, duplicates once. */
export function parsePatterns(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，]+/)
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
}
