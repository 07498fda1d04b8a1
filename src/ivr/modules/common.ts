/** Small pieces shared by module definitions. */
import type { ConfigPath, ExitSpec, ModuleFacts, ModuleResult } from '../module.js';

/** Shared results, so the common case allocates nothing. */
export const NEXT: ModuleResult = Object.freeze({ exit: 'next' });

export const NEXT_EXIT: ExitSpec = {
  name: 'next',
  required: true,
  help: { en: 'Continue with the next module.', zh: '继续执行下一个模块。' },
};

export const FAILURE_EXIT: ExitSpec = {
  name: 'failure',
  required: false,
  help: {
    en: 'Something went wrong; without a connection the flow fallback takes over.',
    zh: '执行失败；未连接时由流程的兜底模块接管。',
  },
};

export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** A literal id can be checked against the instance; a ${template} only at run time. */
export function idFacts(
  kind: 'skillGroup' | 'agent' | 'mailbox',
  text: string,
  path: ConfigPath,
): ModuleFacts {
  return text.includes('${') ? { templates: [{ path, text }] } : { uses: [{ kind, id: text, path }] };
}
