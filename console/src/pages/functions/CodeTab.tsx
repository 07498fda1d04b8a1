import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunctionRef } from '../../api/functions';
import type { FunctionInfo, InvocationSummary } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { Loaded } from '../../components/Loading';
import { CodeEditor } from '../../editor/CodeEditor';
import { useAction } from '../../hooks/action';
import { useApi } from '../../hooks/auth';
import { useResource } from '../../hooks/resource';
import { FileList } from './FileList';
import { RunResult } from './RunResult';
import { RunToolbar } from './RunToolbar';

type TextFiles = Record<string, string>;

/** The online editor: files, Deploy (a new version), and Run with a saved trigger event. */
export function CodeTab({
  fnRef,
  info,
  onDeployed,
}: {
  fnRef: FunctionRef;
  info: FunctionInfo;
  onDeployed(next: FunctionInfo): void;
}) {
  const api = useApi();
  const code = useResource(() => api.fn.code(fnRef), [api, fnRef.region, fnRef.service, fnRef.fn]);
  return (
    <Loaded resource={code}>
      {(files) => <Editor fnRef={fnRef} info={info} initial={files} onDeployed={onDeployed} />}
    </Loaded>
  );
}

function Editor({
  fnRef,
  info,
  initial,
  onDeployed,
}: {
  fnRef: FunctionRef;
  info: FunctionInfo;
  initial: Record<string, string | { base64: string }>;
  onDeployed(next: FunctionInfo): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [files, setFiles] = useState<TextFiles>(() => textFiles(initial));
  const [deployed, setDeployed] = useState<TextFiles>(() => textFiles(initial));
  const binary = Object.keys(initial).filter((p) => typeof initial[p] !== 'string');
  const [active, setActive] = useState(() => pickFile(Object.keys(files), info.handler));
  const [result, setResult] = useState<InvocationSummary | undefined>(undefined);
  const [deployedAs, setDeployedAs] = useState<number | undefined>(undefined);
  const deploy = useAction();
  const run = useAction();
  const dirty = JSON.stringify(files) !== JSON.stringify(deployed);

  const doDeploy = async () => {
    const allFiles: Record<string, string | { base64: string }> = { ...files };
    for (const p of binary) allFiles[p] = initial[p] as { base64: string };
    const next = await deploy.run(() => api.fn.update(fnRef, { code: { files: allFiles } }));
    if (next) {
      setDeployed(files);
      onDeployed(next);
      setDeployedAs(next.version);
    }
    return next;
  };
  const doRun = async (event: string | undefined) => {
    setDeployedAs(undefined);
    if (dirty && !(await doDeploy())) return;
    const out = await run.run(() => api.fn.run(fnRef, event === undefined ? { payload: '' } : { event }));
    if (out) setResult(out);
  };
  const addFile = (name: string) => {
    setFiles((f) => ({ ...f, [name]: '' }));
    setActive(name);
  };
  const removeFile = (name: string) => {
    setFiles((f) => {
      const { [name]: _gone, ...rest } = f;
      return rest;
    });
    if (active === name) setActive(Object.keys(files).find((p) => p !== name) ?? '');
  };

  return (
    <div className="code-tab">
      <div className="toolbar">
        <button
          type="button"
          className="button button-primary"
          disabled={deploy.busy || !dirty}
          onClick={() => void doDeploy()}
        >
          {t('fn.deploy')}
        </button>
        {dirty ? (
          <span className="dirty-note">{t('fn.unsaved')}</span>
        ) : (
          <span className="muted">{t('fn.deployedVersion', { n: info.version })}</span>
        )}
        <span className="toolbar-spacer" />
        <RunToolbar fnRef={fnRef} busy={run.busy || deploy.busy} dirty={dirty} onRun={doRun} />
      </div>
      {deployedAs !== undefined && <div className="notice">{t('fn.deployed', { n: deployedAs })}</div>}
      <ErrorBox error={deploy.error} onClose={deploy.clear} />
      <div className="code-layout">
        <FileList
          files={Object.keys(files)}
          binary={binary}
          active={active}
          onSelect={setActive}
          onAdd={addFile}
          onRemove={removeFile}
        />
        <div className="editor-pane">
          {active in files ? (
            <CodeEditor
              key={active}
              filename={active}
              initial={files[active] ?? ''}
              label={t('fn.editorLabel', { file: active })}
              onChange={(text) => setFiles((f) => ({ ...f, [active]: text }))}
            />
          ) : (
            <div className="empty">{t('fn.noFileOpen')}</div>
          )}
        </div>
      </div>
      <ErrorBox error={run.error} onClose={run.clear} />
      {result && <RunResult result={result} />}
    </div>
  );
}

function textFiles(files: Record<string, string | { base64: string }>): TextFiles {
  const out: TextFiles = {};
  for (const [p, v] of Object.entries(files)) if (typeof v === 'string') out[p] = v;
  return out;
}

/** The handler's file first (index.handler → index.py / index.js …). */
function pickFile(paths: string[], handler: string): string {
  const base = handler.slice(0, handler.lastIndexOf('.'));
  return paths.find((p) => p.slice(0, p.lastIndexOf('.')) === base) ?? paths.sort()[0] ?? '';
}
