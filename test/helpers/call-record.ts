import type { TestHotline } from './hotline.js';

/**
 * A finished SIP call of `instance`, queued for 北京客服组 and taken by agent 1001, written as the
 * telephony part writes one (for pages and routes that read call records; the bridging itself is
 * tested with real phones in test/telephony).
 */
export async function insertAnsweredCall(
  h: TestHotline,
  options: { instance: string; id: string; recordings: unknown[]; startedAt?: string },
): Promise<void> {
  const db = h.hotline.store.db;
  const instance = await db
    .selectFrom('instances')
    .select(['id', 'account_id'])
    .where('name', '=', options.instance)
    .executeTakeFirstOrThrow();
  const started = Date.parse(options.startedAt ?? '2026-01-05T09:00:00.000Z');
  const at = (ms: number) => new Date(started + ms).toISOString();
  await db
    .insertInto('calls')
    .values({
      id: options.id,
      account_id: instance.account_id,
      instance_id: instance.id,
      channel: 'sip',
      flow_id: null,
      flow_version: null,
      ani: '13800138000',
      dnis: '4008001234',
      started_at: at(0),
      answered_at: at(500),
      ended_at: at(60_000),
      disposition: 'transferred',
      outcome: JSON.stringify({
        kind: 'transferred',
        target: 'skillGroup',
        skillGroup: '北京客服组',
        agent: '1001',
      }),
      trace: null,
      variables: null,
      sip_call_id: `${options.id}@127.0.0.1`,
      trunk: 'loopback',
      hangup_by: 'caller',
      hangup_cause: 'BYE',
      recordings: JSON.stringify(options.recordings),
      media_stats: null,
      skill_group: '北京客服组',
      agent: '1001',
      queue_ms: 12_500,
      ring_attempts: 2,
      agent_answered_at: at(18_000),
      talk_ms: 42_000,
    })
    .execute();
}

/**
 * The record of the latest SIP call from `ani`, once it has ended (the record is final only after
 * the call's last write, a moment after the caller's BYE).
 */
export async function endedSipCall<T>(
  h: { request(method: string, path: string): Promise<{ json: unknown }> },
  instance: string,
  ani: string,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = (await h.request('GET', `/v1/instances/${instance}/calls?limit=100`)).json as {
      calls: { id: string; ani: string; channel: string; status: string }[];
    };
    const call = list.calls.find((c) => c.ani === ani && c.channel === 'sip');
    if (call?.status === 'ended')
      return (await h.request('GET', `/v1/instances/${instance}/calls/${call.id}`)).json as T;
    if (Date.now() > until) throw new Error(`no ended SIP call from ${ani} (${call?.status ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
