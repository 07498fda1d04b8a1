import { join } from 'node:path';
import type { PromptSpec } from '../../ivr/ports.js';
import type { PromptSource } from '../media/prompt-source.js';

/** A prompt of the instance as stored: an audio file, or a text for TTS. */
export type StoredPrompt = { kind: 'audio'; file: string } | { kind: 'tts'; text: string; language: string };

/** Finds a prompt of the call's instance by id or name. */
export type PromptLookup = (instanceId: string, idOrName: string) => Promise<StoredPrompt | undefined>;

/** Turns a flow's prompt into something the media engine can play. */
export async function promptSourceFor(
  spec: PromptSpec,
  deps: { instanceId: string; lookup: PromptLookup; promptsDir: string },
): Promise<PromptSource> {
  if (spec.kind === 'tts')
    return {
      kind: 'tts',
      text: spec.text,
      language: spec.language,
      ...(spec.voice ? { voice: spec.voice } : {}),
    };
  const stored = await deps.lookup(deps.instanceId, spec.promptId);
  if (!stored) throw new Error(`prompt '${spec.promptId}' does not exist`);
  if (stored.kind === 'tts') return { kind: 'tts', text: stored.text, language: stored.language };
  return { kind: 'file', path: join(deps.promptsDir, stored.file) };
}
