/**
 * Things a flow names that live elsewhere in the instance: function entries, skill groups,
 * agents, prompts, mailboxes, subflows. Each list in the context is optional; a kind whose list
 * is not given is not checked.
 */
import type { FlowModule } from '../flow.js';
import type { ModuleFacts, ResourceUse } from '../module.js';
import { entryLabel } from '../modules/function.js';
import type { FunctionEntry, FunctionEntryRef } from '../ports.js';
import type { FlowProblem, FlowProblemCode } from '../problem.js';
import type { ValidationContext } from './context.js';
import { didYouMean } from './suggest.js';

type IdKind = Exclude<ResourceUse['kind'], 'functionEntry'>;

const ID_CHECKS: Readonly<
  Record<
    IdKind,
    { code: FlowProblemCode; noun: string; list: (c: ValidationContext) => Iterable<string> | undefined }
  >
> = {
  skillGroup: { code: 'SKILL_GROUP_NOT_FOUND', noun: 'skill group', list: (c) => c.skillGroups },
  agent: { code: 'AGENT_NOT_FOUND', noun: 'agent', list: (c) => c.agents },
  prompt: { code: 'PROMPT_NOT_FOUND', noun: 'prompt', list: (c) => c.prompts },
  mailbox: { code: 'MAILBOX_NOT_FOUND', noun: 'mailbox', list: (c) => c.mailboxes },
  subflow: { code: 'SUBFLOW_NOT_FOUND', noun: 'flow', list: (c) => c.flows?.keys() },
};

export function checkReferences(
  modules: ReadonlyArray<{ module: FlowModule; facts: ModuleFacts }>,
  context: ValidationContext,
  problems: FlowProblem[],
): void {
  const lists = new Map<IdKind, ReadonlySet<string> | undefined>();
  const listOf = (kind: IdKind) => {
    if (!lists.has(kind)) {
      const list = ID_CHECKS[kind].list(context);
      lists.set(kind, list === undefined ? undefined : new Set(list));
    }
    return lists.get(kind);
  };
  for (const { module, facts } of modules) {
    for (const use of facts.uses ?? []) {
      const path = ['config', ...use.path];
      if (use.kind === 'functionEntry') {
        const message = context.functionEntries && missingEntry(use.ref, context.functionEntries);
        if (message)
          problems.push({
            code: 'FUNCTION_ENTRY_NOT_FOUND',
            severity: 'error',
            moduleId: module.id,
            path,
            message,
          });
        continue;
      }
      const known = listOf(use.kind);
      if (!known || known.has(use.id)) continue;
      const check = ID_CHECKS[use.kind];
      problems.push({
        code: check.code,
        severity: 'error',
        moduleId: module.id,
        path,
        message: `${check.noun} ${use.id} does not exist${didYouMean(use.id, known)}`,
      });
    }
  }
}

/** Why the reference matches no entry, or undefined when it matches one. */
function missingEntry(ref: FunctionEntryRef, entries: readonly FunctionEntry[]): string | undefined {
  if (ref.entryId !== undefined) {
    if (entries.some((e) => e.id === ref.entryId)) return undefined;
    return `function entry ${ref.entryId} does not exist${didYouMean(
      ref.entryId,
      entries.map((e) => e.id),
    )}`;
  }
  const matches = (e: FunctionEntry) =>
    e.service === ref.service &&
    e.function === ref.function &&
    (ref.region === undefined || e.region === ref.region);
  if (entries.some(matches)) return undefined;
  const labels = entries.map((e) => entryLabel(e));
  const label = entryLabel(ref);
  const regionless = ref.region === undefined ? entries.map((e) => `${e.service}/${e.function}`) : labels;
  const wanted = ref.region === undefined ? `${ref.service}/${ref.function}` : label;
  return `function ${label} is not an IVR function entry of this instance${didYouMean(wanted, regionless)}`;
}
