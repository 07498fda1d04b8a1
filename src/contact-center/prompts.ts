import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import type { Database, PromptsTable } from '../store/schema.js';
import { AudioFormatError, normaliseWav } from '../telephony/media/normalise-wav.js';
import { contactCenterErrors } from './errors.js';
import type { Instances } from './instances.js';

export interface PromptView {
  id: string;
  name: string;
  kind: 'audio' | 'tts';
  text: string | null;
  language: string | null;
  durationMs: number | null;
  sourceFormat: string | null;
  createdAt: string;
  updatedAt: string;
}

function view(r: PromptsTable): PromptView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind === 'tts' ? 'tts' : 'audio',
    text: r.text,
    language: r.language,
    durationMs: r.duration_ms,
    sourceFormat: r.source_format,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type Prompts = ReturnType<typeof createPrompts>;

/**
 * Audio prompts of an instance: uploaded WAV files (normalised once to 8 kHz mono PCM and kept in
 * <dataDir>/prompts) and text prompts that the TTS engine speaks.
 */
export function createPrompts(deps: {
  db: Kysely<Database>;
  clock: Clock;
  instances: Instances;
  dataDir: string;
}) {
  const { db, clock, instances, dataDir } = deps;
  const now = () => new Date(clock.now()).toISOString();
  const folder = join(dataDir, 'prompts');

  async function find(instanceId: string, name: string): Promise<PromptsTable> {
    const row = await db
      .selectFrom('prompts')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw contactCenterErrors.PromptNotFound(`prompt '${name}' does not exist`);
    return row;
  }

  async function insert(row: PromptsTable): Promise<PromptView> {
    const clash = await db
      .selectFrom('prompts')
      .select('id')
      .where('instance_id', '=', row.instance_id)
      .where('name', '=', row.name)
      .executeTakeFirst();
    if (clash) throw commonErrors.AlreadyExists(`prompt '${row.name}' already exists`);
    await db.insertInto('prompts').values(row).execute();
    return view(row);
  }

  return {
    async uploadAudio(
      accountId: string,
      instanceName: string,
      name: string,
      wav: Uint8Array,
    ): Promise<PromptView> {
      const inst = await instances.find(accountId, instanceName);
      let audio: ReturnType<typeof normaliseWav>;
      try {
        audio = normaliseWav(wav);
      } catch (err) {
        if (err instanceof AudioFormatError) throw contactCenterErrors.InvalidAudio(err.message);
        throw err;
      }
      const id = newId('prm');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${id}.wav`);
      writeFileSync(file, audio.wav);
      const at = now();
      try {
        return await insert({
          id,
          account_id: accountId,
          instance_id: inst.id,
          name,
          kind: 'audio',
          text: null,
          language: null,
          file: `${id}.wav`,
          duration_ms: audio.durationMs,
          source_format: audio.sourceFormat,
          created_at: at,
          updated_at: at,
        });
      } catch (err) {
        rmSync(file, { force: true });
        throw err;
      }
    },

    async createTts(
      accountId: string,
      instanceName: string,
      input: { name: string; text: string; language: string },
    ): Promise<PromptView> {
      const inst = await instances.find(accountId, instanceName);
      const at = now();
      return insert({
        id: newId('prm'),
        account_id: accountId,
        instance_id: inst.id,
        name: input.name,
        kind: 'tts',
        text: input.text,
        language: input.language,
        file: null,
        duration_ms: null,
        source_format: null,
        created_at: at,
        updated_at: at,
      });
    },

    async list(accountId: string, instanceName: string): Promise<PromptView[]> {
      const inst = await instances.find(accountId, instanceName);
      const rows = await db
        .selectFrom('prompts')
        .selectAll()
        .where('instance_id', '=', inst.id)
        .orderBy('name')
        .execute();
      return rows.map(view);
    },

    async listByInstanceId(instanceId: string): Promise<PromptView[]> {
      const rows = await db
        .selectFrom('prompts')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .orderBy('name')
        .execute();
      return rows.map(view);
    },

    async get(accountId: string, instanceName: string, name: string): Promise<PromptView> {
      const inst = await instances.find(accountId, instanceName);
      return view(await find(inst.id, name));
    },

    /** The normalised WAV of an audio prompt (for listening in the console). */
    async audio(accountId: string, instanceName: string, name: string): Promise<Buffer> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      if (!row.file) throw commonErrors.Conflict(`prompt '${name}' is spoken by TTS and has no audio file`);
      return readFileSync(join(folder, row.file));
    },

    async delete(accountId: string, instanceName: string, name: string): Promise<void> {
      const inst = await instances.find(accountId, instanceName);
      const row = await find(inst.id, name);
      await db.deleteFrom('prompts').where('id', '=', row.id).execute();
      if (row.file) rmSync(join(folder, row.file), { force: true });
    },
  };
}
