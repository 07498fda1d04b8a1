import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Dialog } from '../../components/Dialog';
import { ErrorBox } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { formatMs } from '../../components/format';
import { Loaded } from '../../components/Loading';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import type { SectionProps } from './InstancePage';
import { PromptPlayer } from './PromptPlayer';

/** Prompts: uploaded WAV files (listen in the page) and TTS texts. */
export function Prompts({ instance }: SectionProps) {
  const { t } = useTranslation();
  const api = useApi();
  const prompts = useResource(() => api.cc.prompts(instance), [api, instance]);
  const [dialog, setDialog] = useState<'upload' | 'tts' | undefined>(undefined);
  const done = async () => {
    setDialog(undefined);
    await prompts.reload();
  };
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setDialog('upload')}>
          {t('cc.uploadPrompt')}
        </button>
        <button type="button" className="button" onClick={() => setDialog('tts')}>
          {t('cc.createTtsPrompt')}
        </button>
      </div>
      <Loaded resource={prompts}>
        {(list) =>
          list.length === 0 ? (
            <div className="empty">{t('cc.noPrompts')}</div>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('cc.promptName')}</th>
                  <th>{t('cc.promptKind')}</th>
                  <th>{t('cc.promptContent')}</th>
                  <th>{t('cc.duration')}</th>
                  <th className="actions">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>{p.kind === 'audio' ? t('cc.kindAudio') : t('cc.kindTts')}</td>
                    <td>
                      {p.kind === 'audio' ? (
                        <PromptPlayer instance={instance} name={p.name} />
                      ) : (
                        <span>
                          {p.text} <span className="muted">({p.language})</span>
                        </span>
                      )}
                    </td>
                    <td>{formatMs(p.durationMs)}</td>
                    <td className="actions">
                      <ConfirmButton
                        label={t('common.delete')}
                        title={t('cc.deletePrompt')}
                        message={t('cc.deletePromptConfirm', { name: p.name })}
                        onConfirm={async () => {
                          await api.cc.deletePrompt(instance, p.name);
                          await prompts.reload();
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
      {dialog === 'upload' && (
        <UploadDialog instance={instance} onClose={() => setDialog(undefined)} onDone={done} />
      )}
      {dialog === 'tts' && (
        <TtsDialog instance={instance} onClose={() => setDialog(undefined)} onDone={done} />
      )}
    </>
  );
}

function UploadDialog({ instance, onClose, onDone }: { instance: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | undefined>(undefined);
  const action = useAction();
  const submit = async () => {
    if (!file) return;
    const saved = await action.run(() => api.cc.uploadPrompt(instance, name.trim(), file));
    if (saved) onDone();
  };
  return (
    <Dialog
      title={t('cc.uploadPrompt')}
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
            disabled={action.busy || !file || !name.trim()}
          >
            {t('cc.upload')}
          </button>
        </>
      }
    >
      <Field label={t('cc.wavFile')} hint={t('cc.wavHint')} required>
        {(id) => (
          <input
            id={id}
            type="file"
            accept=".wav,audio/wav"
            onChange={(e) => {
              const f = e.target.files?.[0];
              setFile(f);
              if (f && !name) setName(f.name.replace(/\.wav$/i, ''));
            }}
          />
        )}
      </Field>
      <Field label={t('cc.promptName')} required>
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}

function TtsDialog({ instance, onClose, onDone }: { instance: string; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('zh-CN');
  const action = useAction();
  const submit = async () => {
    const saved = await action.run(() =>
      api.cc.createTtsPrompt(instance, { name: name.trim(), text, language }),
    );
    if (saved) onDone();
  };
  return (
    <Dialog
      title={t('cc.createTtsPrompt')}
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
            disabled={action.busy || !name.trim() || !text}
          >
            {t('common.create')}
          </button>
        </>
      }
    >
      <Field label={t('cc.promptName')} required>
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('cc.ttsText')} required>
        {(id) => <textarea id={id} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field label={t('cc.language')}>
        {(id) => (
          <select id={id} value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="zh-CN">zh-CN</option>
            <option value="en-US">en-US</option>
            <option value="en-GB">en-GB</option>
          </select>
        )}
      </Field>
      <ErrorBox error={action.error} />
    </Dialog>
  );
}
