/** The prompt field of play, collect, menu and voicemail: a recorded prompt or TTS text. */
import { z } from 'zod';
import { templateText } from './fields.js';
import type { ConfigPath, ModuleContext, ModuleFacts } from './module.js';
import type { PromptSpec } from './ports.js';

export const promptSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('prompt'), promptId: z.string().min(1).max(200) }),
  z.strictObject({
    kind: z.literal('tts'),
    text: templateText(2000).min(1),
    language: z.string().min(2).max(20).default('zh-CN'),
    voice: z.string().max(100).optional(),
  }),
]);

export type PromptConfig = z.output<typeof promptSchema>;

export function promptSpec(prompt: PromptConfig, ctx: ModuleContext): PromptSpec {
  if (prompt.kind === 'prompt') return prompt;
  return { kind: 'tts', text: ctx.render(prompt.text), language: prompt.language, voice: prompt.voice };
}

export function promptFacts(
  prompt: PromptConfig | undefined,
  path: ConfigPath,
): Required<Pick<ModuleFacts, 'templates' | 'uses'>> {
  if (!prompt) return { templates: [], uses: [] };
  if (prompt.kind === 'prompt')
    return { templates: [], uses: [{ kind: 'prompt', id: prompt.promptId, path: [...path, 'promptId'] }] };
  return { templates: [{ path: [...path, 'text'], text: prompt.text }], uses: [] };
}
