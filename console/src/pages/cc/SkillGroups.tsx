import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SkillGroup } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Loaded } from '../../components/Loading';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import type { SectionProps } from './InstancePage';

/** Skill groups (agent teams): create, edit timings, delete. */
export function SkillGroups({ instance }: SectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const groups = useResource(() => api.cc.skillGroups(instance), [api, instance]);
  const [editing, setEditing] = useState<SkillGroup | 'new' | undefined>(undefined);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          {t('cc.createGroup')}
        </button>
      </div>
      <Loaded resource={groups}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('cc.noGroups')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('cc.groupName')}</th>
                  <th>{t('common.description')}</th>
                  <th>{t('cc.ringTimeout')}</th>
                  <th>{t('cc.afterCallWork')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => (
                  <tr key={g.id}>
                    <td>{g.name}</td>
                    <td>{g.description}</td>
                    <td>{g.ringTimeoutSeconds} s</td>
                    <td>{g.afterCallWorkSeconds} s</td>
                    <td className="actions">
                      <button type="button" className="link-button" onClick={() => setEditing(g)}>
                        {t('common.edit')}
                      </button>
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('cc.deleteGroup')}
                        message={t('cc.deleteGroupConfirm', { name: g.name })}
                        onConfirm={async () => {
                          await api.cc.deleteSkillGroup(instance, g.name);
                          await groups.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      {editing && (
        <GroupDialog
          instance={instance}
          group={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await groups.reload();
          }}
        />
      )}
    </>
  );
}

function GroupDialog({
  instance,
  group,
  onClose,
  onSaved,
}: {
  instance: string;
  group: SkillGroup | undefined;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [ring, setRing] = useState(String(group?.ringTimeoutSeconds ?? 20));
  const [acw, setAcw] = useState(String(group?.afterCallWorkSeconds ?? 0));
  const action = useAction();
  const submit = async () => {
    const body = { description, ringTimeoutSeconds: Number(ring), afterCallWorkSeconds: Number(acw) };
    const saved = await action.run(() =>
      group
        ? api.cc.updateSkillGroup(instance, group.name, body)
        : api.cc.createSkillGroup(instance, { name: name.trim(), ...body }),
    );
    if (saved) onSaved();
  };
  return (
    <Dialog
      title={group ? t('cc.editGroup') : t('cc.createGroup')}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={action.busy || !name.trim()}>
            {group ? t('common.save') : t('common.create')}
          </button>
        </>
      }
    >
      <Field label={t('cc.groupName')} required>
        {(id) => (
          <input
            id={id}
            value={name}
            disabled={group !== undefined}
            onChange={(e) => setName(e.target.value)}
            placeholder="北京客服组"
          />
        )}
      </Field>
      <Field label={t('common.description')}>
        {(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="form-grid">
        <Field label={t('cc.ringTimeout')} hint={t('cc.ringTimeoutHint')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={5}
              max={300}
              value={ring}
              onChange={(e) => setRing(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('cc.afterCallWork')} hint={t('cc.afterCallWorkHint')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={0}
              max={3600}
              value={acw}
              onChange={(e) => setAcw(e.target.value)}
            />
          )}
        </Field>
      </div>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
