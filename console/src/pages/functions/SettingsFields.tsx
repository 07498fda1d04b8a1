import { useTranslation } from 'react-i18next';
import type { Runtime } from '../../api/types';
import { Field } from '../../components/Field';
import { KeyValueEditor, type Pair } from '../../components/KeyValueEditor';

export interface SettingsDraft {
  description: string;
  runtime: Runtime;
  handler: string;
  initializer: string;
  timeoutSeconds: string;
  memoryMb: string;
  env: Pair[];
}

/** The function settings form: runtime, handler, timeout, memory, environment variables. */
export function SettingsFields({
  draft,
  onChange,
}: {
  draft: SettingsDraft;
  onChange(patch: Partial<SettingsDraft>): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-grid">
        <Field label={t('fn.runtime')} required>
          {(id) => (
            <select
              id={id}
              value={draft.runtime}
              onChange={(e) => onChange({ runtime: e.target.value as Runtime })}
            >
              <option value="nodejs20">Node.js 20 (nodejs20)</option>
              <option value="python3">Python 3 (python3)</option>
            </select>
          )}
        </Field>
        <Field label={t('fn.handler')} hint={t('fn.handlerHint')} required>
          {(id) => (
            <input id={id} value={draft.handler} onChange={(e) => onChange({ handler: e.target.value })} />
          )}
        </Field>
        <Field label={t('fn.timeout')} hint={t('fn.timeoutHint')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={0.1}
              step="any"
              value={draft.timeoutSeconds}
              onChange={(e) => onChange({ timeoutSeconds: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('fn.memory')} hint={t('fn.memoryHint')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={64}
              step={64}
              value={draft.memoryMb}
              onChange={(e) => onChange({ memoryMb: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('fn.initializer')} hint={t('fn.initializerHint')}>
          {(id) => (
            <input
              id={id}
              value={draft.initializer}
              placeholder="index.initialize"
              onChange={(e) => onChange({ initializer: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('common.description')}>
          {(id) => (
            <input
              id={id}
              value={draft.description}
              onChange={(e) => onChange({ description: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label={t('fn.envVars')} hint={t('fn.envVarsHint')}>
        {() => (
          <KeyValueEditor
            pairs={draft.env}
            onChange={(env) => onChange({ env })}
            keyLabel={t('fn.envName')}
            valueLabel={t('fn.envValue')}
            addLabel={t('fn.addEnvVar')}
          />
        )}
      </Field>
    </>
  );
}

/** The settings as the API takes them; empty numbers are left to the server's defaults. */
export function settingsBody(d: SettingsDraft) {
  const env = Object.fromEntries(d.env.filter((p) => p.key.trim()).map((p) => [p.key.trim(), p.value]));
  return {
    description: d.description,
    runtime: d.runtime,
    handler: d.handler.trim(),
    initializer: d.initializer.trim() ? d.initializer.trim() : null,
    ...(d.timeoutSeconds.trim() ? { timeoutSeconds: Number(d.timeoutSeconds) } : {}),
    ...(d.memoryMb.trim() ? { memoryMb: Number(d.memoryMb) } : {}),
    environmentVariables: env,
  };
}

/** Starter code for a new function, by runtime. */
export function starterCode(runtime: Runtime): Record<string, string> {
  return runtime === 'python3'
    ? {
        'index.py':
          'import json\nimport logging\n\nlogger = logging.getLogger()\n\n\ndef handler(event, context):\n' +
          '    logger.info("event: %s", event)\n    return "hello world"\n',
      }
    : {
        'index.js':
          'exports.handler = async (event, context) => {\n' +
          "  context.logger.info('event: ' + event);\n  return 'hello world';\n};\n",
      };
}
