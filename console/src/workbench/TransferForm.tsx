import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferTarget } from './protocol';

const KINDS = ['skillGroup', 'agent', 'number'] as const;
type Kind = (typeof KINDS)[number];

/** Blind transfer to a skill group, an agent or a phone number. */
export function TransferForm({
  disabled,
  onTransfer,
}: {
  disabled: boolean;
  onTransfer: (t: TransferTarget) => void;
}) {
  const { t } = useTranslation('workbench');
  const [kind, setKind] = useState<Kind>('skillGroup');
  const [target, setTarget] = useState('');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const value = target.trim();
    if (!value) return;
    onTransfer(
      kind === 'skillGroup' ? { skillGroup: value } : kind === 'agent' ? { agent: value } : { number: value },
    );
  };
  return (
    <form className="wb-transfer inline-form" onSubmit={submit} aria-label={t('transfer.title')}>
      <select aria-label={t('transfer.kind')} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`transfer.${k}`)}
          </option>
        ))}
      </select>
      <input aria-label={t('transfer.target')} value={target} onChange={(e) => setTarget(e.target.value)} />
      <button type="submit" className="button" disabled={disabled || !target.trim()}>
        {t('transfer.submit')}
      </button>
    </form>
  );
}
