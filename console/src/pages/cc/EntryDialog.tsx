import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionEntry } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';

/** Add or edit a function entry: region, service, function (suggested from the account), version. */
export function EntryDialog({
  instance,
  entry,
  onClose,
  onSaved,
}: {
  instance: string;
  entry: FunctionEntry | undefined;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [region, setRegion] = useState(entry?.region ?? 'cn-hangzhou');
  const [service, setService] = useState(entry?.service ?? '');
  const [fn, setFn] = useState(entry?.function ?? '');
  const [version, setVersion] = useState(entry?.version ? String(entry.version) : '');
  const [description, setDescription] = useState(entry?.description ?? '');
  const regions = useResource(() => api.fn.regions(), [api]);
  const services = useResource(() => api.fn.services(region).catch(() => []), [api, region]);
  const known = (services.data ?? []).some((s) => s.name === service);
  const functions = useResource(
    async () => (known ? api.fn.functions(region, service).catch(() => []) : []),
    [api, region, service, known],
  );
  const servicesList = useId();
  const functionsList = useId();
  const action = useAction();
  const submit = async () => {
    const body = {
      region,
      service: service.trim(),
      function: fn.trim(),
      version: version.trim() ? Number(version) : null,
      description,
    };
    const saved = await action.run(() =>
      entry ? api.cc.updateEntry(instance, entry.id, body) : api.cc.addEntry(instance, body),
    );
    if (saved) onSaved();
  };
  return (
    <Dialog
      title={entry ? t('cc.editEntry') : t('cc.addEntry')}
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
            disabled={action.busy || !service.trim() || !fn.trim()}
          >
            {entry ? t('common.save') : t('common.add')}
          </button>
        </>
      }
    >
      <Field label={t('fn.region')} required>
        {(id) => (
          <select id={id} value={region} onChange={(e) => setRegion(e.target.value)}>
            {(regions.data ?? [{ id: region, name: region }]).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.id})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('fn.serviceName')} required>
        {(id) => (
          <>
            <input id={id} list={servicesList} value={service} onChange={(e) => setService(e.target.value)} />
            <datalist id={servicesList}>
              {services.data?.map((s) => (
                <option key={s.name} value={s.name} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label={t('fn.functionName')} required>
        {(id) => (
          <>
            <input id={id} list={functionsList} value={fn} onChange={(e) => setFn(e.target.value)} />
            <datalist id={functionsList}>
              {functions.data?.map((f) => (
                <option key={f.name} value={f.name} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="form-grid">
        <Field label={t('fn.version')} hint={t('cc.versionHint')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              value={version}
              placeholder={t('cc.latest')}
              onChange={(e) => setVersion(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('common.description')}>
          {(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
      </div>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
