import { z } from 'zod';
import { commonErrors } from '../shared/errors.js';

/**
 * The ACD's inputs, defined once: the HTTP API validates requests with these schemas and the IVR
 * transfer module builds its config from them, so all three agree on limits and defaults.
 */

/** Skill level within a group: 1 (novice) to 10 (expert). Higher wins when routing. */
export const skillLevelSchema = z.int().min(1).max(10);

export const agentSkillSchema = z.object({
  groupId: z.string().min(1),
  level: skillLevelSchema,
});

export const agentLoginSchema = z.object({
  agentId: z.string().min(1),
  skills: z
    .array(agentSkillSchema)
    .refine((skills) => new Set(skills.map((s) => s.groupId)).size === skills.length, {
      message: 'a skill group may appear only once per agent',
    }),
  /** The state right after login. */
  state: z.enum(['ready', 'notReady']).default('notReady'),
  reason: z.string().min(1).optional(),
});
export type AgentLoginInput = z.input<typeof agentLoginSchema>;
export type AgentLogin = z.infer<typeof agentLoginSchema>;
export type AgentSkill = z.infer<typeof agentSkillSchema>;

export const DEFAULT_RING_TIMEOUT_MS = 20_000;

export const skillGroupConfigSchema = z.object({
  id: z.string().min(1),
  /** How long an offered agent may ring before the call goes to the next agent. */
  ringTimeoutMs: z.int().positive().default(DEFAULT_RING_TIMEOUT_MS),
  /** After-call work after each call of this group; 0 returns the agent to ready at once. */
  afterCallWorkMs: z.int().nonnegative().default(0),
});
export type SkillGroupConfig = z.infer<typeof skillGroupConfigSchema>;

export const acdCallSchema = z.object({
  id: z.string().min(1),
  skillGroupId: z.string().min(1),
  /** Higher is served first; equal priorities are served in order of arrival. */
  priority: z.int(),
  /** Caller number, shown to the agent. */
  ani: z.string(),
  /** Flow variables passed to the agent (screen pop). */
  variables: z.record(z.string(), z.unknown()).optional(),
});
export type AcdCall = z.infer<typeof acdCallSchema>;

export const enqueueOptionsSchema = z.object({
  /** Longest time the caller waits before the outcome `timeout`. */
  queueTimeoutMs: z.int().positive(),
  /** Calls already waiting in the group beyond which a new call gets `overflow`. */
  maxQueueLength: z.int().nonnegative().optional(),
  /**
   * When to answer `noAgents` at once instead of queueing: when nobody of the group is logged in
   * (default), when nobody could take a call soon (everyone logged in is notReady), or never.
   */
  noAgentsWhen: z.enum(['noneLoggedIn', 'noneAvailable', 'never']).default('noneLoggedIn'),
});
export type EnqueueOptionsInput = z.input<typeof enqueueOptionsSchema>;
export type EnqueueOptions = z.infer<typeof enqueueOptionsSchema>;

/** Parses input at the ACD's boundary; a mismatch is ValidationFailed listing each problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  throw commonErrors.ValidationFailed(`invalid ${what}: ${summary}`, {
    details: { problems },
    cause: result.error,
  });
}
