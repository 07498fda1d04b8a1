import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, AgentFields, ServerStatus, Skill } from '../../api/types';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Loaded } from '../../components/Loading';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import type { SectionProps } from './InstancePage';

/** Agents with their skill groups and levels (1–10, higher is offered calls first). */
export function Agents({ instance }: SectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const agents = useResource(() => api.cc.agents(instance), [api, instance]);
  const groups = useResource(() => api.cc.skillGroups(instance), [api, instance]);
  const status = useResource(() => api.cc.status(), [api]);
  const [editing, setEditing] = useState<Agent | 'new' | undefined>(undefined);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          {t('cc.createAgent')}
        </button>
      </div>
      {status.data && <SipPhoneHint status={status.data} />}
      <Loaded resource={agents}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('cc.noAgents')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('cc.loginName')}</th>
                  <th>{t('cc.displayName')}</th>
                  <th>{t('cc.extension')}</th>
                  <th>{t('cc.skills')}</th>
                  <th>{t('cc.sipUsername')}</th>
                  <th>{t('cc.password')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((a) => (
                  <tr key={a.id}>
                    <td className="mono">{a.loginName}</td>
                    <td>{a.displayName}</td>
                    <td className="mono">{a.extension}</td>
                    <td>
                      {a.skills.map((s) => (
                        <span key={s.skillGroup} className="chip">
                          {s.skillGroup} · {s.level}
                        </span>
                      ))}
                    </td>
                    <td className="mono">{a.sipUsername ?? '—'}</td>
                    <td>
                      {a.hasPassword ? (
                        <span className="status status-success">{t('cc.passwordSet')}</span>
                      ) : (
                        <span className="status status-muted">{t('cc.passwordNotSet')}</span>
                      )}
                    </td>
                    <td className="actions">
                      <button type="button" className="link-button" onClick={() => setEditing(a)}>
                        {t('common.edit')}
                      </button>
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('cc.deleteAgent')}
                        message={t('cc.deleteAgentConfirm', { name: a.loginName })}
                        onConfirm={async () => {
                          await api.cc.deleteAgent(instance, a.loginName);
                          await agents.reload();
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
        <AgentDialog
          instance={instance}
          agent={editing === 'new' ? undefined : editing}
          groups={(groups.data ?? []).map((g) => g.name)}
          onClose={() => setEditing(undefined)}
          onSaved={async () => {
            setEditing(undefined);
            await agents.reload();
          }}
        />
      )}
    </>
  );
}

function AgentDialog({
  instance,
  agent,
  groups,
  onClose,
  onSaved,
}: {
  instance: string;
  agent: Agent | undefined;
  groups: string[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [login, setLogin] = useState(agent?.loginName ?? '');
  const [displayName, setDisplayName] = useState(agent?.displayName ?? '');
  const [extension, setExtension] = useState(agent?.extension ?? '');
  const [skills, setSkills] = useState<Skill[]>(agent?.skills ?? []);
  const [password, setPassword] = useState('');
  const [sipUsername, setSipUsername] = useState(agent?.sipUsername ?? '');
  const action = useAction();
  const sipName = sipUsername.trim();
  const sipNameChanged = sipName !== '' && sipName !== (agent?.sipUsername ?? '');
  const passwordProblem =
    password !== '' && password.length < 8
      ? t('cc.passwordTooShort')
      : sipNameChanged && password === ''
        ? t('cc.sipUsernameNeedsPassword')
        : undefined;
  const submit = async () => {
    if (passwordProblem) return;
    const body: AgentFields & { extension: string } = {
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      extension: extension.trim(),
      skills,
      // Write-only: sent only when typed; an empty field keeps the current password.
      ...(password ? { password } : {}),
      ...(sipNameChanged ? { sipUsername: sipName } : {}),
    };
    const saved = await action.run(() =>
      agent
        ? api.cc.updateAgent(instance, agent.loginName, body)
        : api.cc.createAgent(instance, { loginName: login.trim(), ...body }),
    );
    if (saved) onSaved();
  };
  const setSkill = (i: number, patch: Partial<Skill>) =>
    setSkills((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const unused = groups.filter((g) => !skills.some((s) => s.skillGroup === g));
  return (
    <Dialog
      title={agent ? t('cc.editAgent') : t('cc.createAgent')}
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
            disabled={action.busy || !login.trim() || passwordProblem !== undefined}
          >
            {agent ? t('common.save') : t('common.create')}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <Field label={t('cc.loginName')} required>
          {(id) => (
            <input
              id={id}
              value={login}
              disabled={agent !== undefined}
              onChange={(e) => setLogin(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('cc.extension')} hint={t('cc.extensionHint')} required>
          {(id) => <input id={id} value={extension} onChange={(e) => setExtension(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('cc.displayName')}>
        {(id) => <input id={id} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
      </Field>
      <div className="form-grid">
        <Field
          label={t('cc.password')}
          hint={agent?.hasPassword ? t('cc.passwordKeepHint') : t('cc.passwordHint')}
          error={password !== '' || sipNameChanged ? passwordProblem : undefined}
        >
          {(id) => (
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              value={password}
              placeholder={agent?.hasPassword ? '••••••••' : ''}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('cc.sipUsername')} hint={t('cc.sipUsernameHint')}>
          {(id) => (
            <input
              id={id}
              value={sipUsername}
              placeholder={login.trim() || undefined}
              autoComplete="off"
              onChange={(e) => setSipUsername(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label={t('cc.skills')} hint={t('cc.skillsHint')}>
        {() => (
          <div className="kv-editor">
            {skills.map((s, i) => (
              <div className="kv-row" key={s.skillGroup}>
                <select
                  aria-label={t('cc.skillGroup')}
                  value={s.skillGroup}
                  onChange={(e) => setSkill(i, { skillGroup: e.target.value })}
                >
                  {[s.skillGroup, ...unused].map((g) => (
                    <option key={g} value={g}>
                      {g}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={t('cc.skillLevel')}
                  type="number"
                  min={1}
                  max={10}
                  value={s.level}
                  onChange={(e) => setSkill(i, { level: Number(e.target.value) })}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('common.remove')}
                  onClick={() => setSkills((list) => list.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </div>
            ))}
            {unused.length > 0 ? (
              <button
                type="button"
                className="link-button"
                onClick={() => setSkills((list) => [...list, { skillGroup: unused[0] ?? '', level: 5 }])}
              >
                + {t('cc.addSkill')}
              </button>
            ) : (
              groups.length === 0 && <span className="muted">{t('cc.noGroupsYet')}</span>
            )}
          </div>
        )}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}

/** Where and how agents' phones register: the server's SIP address, the SIP user name, the password. */
function SipPhoneHint({ status }: { status: ServerStatus }) {
  const { t } = useTranslation();
  if (status.telephony === 'off' || !status.telephony.registrar)
    return <div className="notice notice-warn">{t('cc.telephonyOff')}</div>;
  const { realm, addresses } = status.telephony.registrar;
  return (
    <div className="panel sip-hint" role="note" aria-label={t('cc.sipPhoneTitle')}>
      <h3>{t('cc.sipPhoneTitle')}</h3>
      <p>
        {t('cc.sipPhoneHint', { realm })}{' '}
        {registrarAddresses(addresses).map((a) => (
          <code key={a} className="chip mono">
            {a}
          </code>
        ))}
      </p>
      <p className="muted small">{t('cc.sipPhoneNeedsPassword')}</p>
    </div>
  );
}

/** 'host:port (UDP, TCP)' per listening address; a wildcard host is the one the console is served from. */
export function registrarAddresses(
  addresses: { transport: 'udp' | 'tcp'; host: string; port: number }[],
): string[] {
  const byAddress = new Map<string, string[]>();
  for (const a of addresses) {
    const wildcard = a.host === '0.0.0.0' || a.host === '::';
    const host = wildcard ? window.location.hostname : a.host;
    const key = `${host.includes(':') ? `[${host}]` : host}:${a.port}`;
    byAddress.set(key, [...(byAddress.get(key) ?? []), a.transport.toUpperCase()]);
  }
  return [...byAddress].map(([address, transports]) => `${address} (${transports.join(', ')})`);
}
