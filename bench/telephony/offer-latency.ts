/**
 * Offer latency end to end: with calls waiting in a skill group's queue (sipp callers), the time
 * from an agent becoming free to Hotline's INVITE arriving at the agent's phone. The phones are
 * Hotline's own SIP stack in a child process (agent-phones.ts), registered with digest like any
 * softphone; each answers at once, talks 500 ms and hangs up; the agent then is in after-call work
 * and becomes free in one of two ways, half the time each:
 *   ACW timer    the group's ACW (2 s) ends;
 *   API ready    the agent finishes ACW early (PUT …/agents/:agent/state {state: ready}) 200 ms in,
 *                sent from the phones' process (the instance has 1,000 more agents, not logged in).
 * Each path is split into the ACD's part (free → the call offered, from the ACD's own events) and
 * the B2BUA's (offered → INVITE at the phone: looking up the phone, a media session, the INVITE).
 * All instants are on CLOCK_MONOTONIC, shared by the processes. The issue's goal: within 100 ms.
 * Baseline in the same run: a bare INVITE from another SIP stack in this process to the same phones
 * (one datagram's way through two stacks and two event loops, under the same load).
 *
 *   node --import tsx bench/telephony/offer-latency.ts [agents, default 20] [seconds, default 30]
 *     [calls kept waiting, default 20] [other agents of the instance, never logged in, default 1000]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AgentStateChange, CallEvent } from '../../src/acd/index.js';
import { createSipStack } from '../../src/telephony/sip/sip-stack.js';
import { callUntilHotlineHangsUp } from '../../test/telephony/calls/scenarios.js';
import type { AgentPhonesMessage } from './agent-phones.js';
import { AgentPhones, monotonicMs, removeDir, sipp, startBenchHotline, summarize } from './harness.js';

const AGENTS = Number(process.argv[2] ?? 20);
const SECONDS = Number(process.argv[3] ?? 30);
const WAITING = Number(process.argv[4] ?? 20);
const IDLE_AGENTS = Number(process.argv[5] ?? 1000);
const GROUP = 'support';
const inst = '/v1/instances/bench';

const bench = await startBenchHotline({ rtpPorts: [42000, 43999] });
const phones = await AgentPhones.start();
const work = mkdtempSync(join(tmpdir(), 'hotline-bench-offer-'));
const logins = Array.from({ length: AGENTS }, (_, i) => `7${String(i + 1).padStart(3, '0')}`);

try {
  const { api } = bench;
  const instance = await api('POST', '/v1/instances', { name: 'bench' });
  await api('POST', `${inst}/skill-groups`, { name: GROUP, ringTimeoutSeconds: 10, afterCallWorkSeconds: 2 });
  for (const login of logins)
    await api('POST', `${inst}/agents`, {
      loginName: login,
      extension: login,
      skills: [{ skillGroup: GROUP, level: 5 }],
      password: `pw-${login}-bench`,
    });
  // Agents of the instance who never log in: what an API state change must not scan.
  for (let i = 0; i < IDLE_AGENTS; i++)
    await api('POST', `${inst}/agents`, {
      loginName: `idle${i}`,
      extension: String(100_000 + i),
      skills: [{ skillGroup: GROUP, level: 1 }],
    });
  await api('POST', `${inst}/flows`, {
    name: 'queue',
    definition: {
      name: 'queue',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'queue' } },
        {
          id: 'queue',
          type: 'transferToSkillGroup',
          config: { skillGroupId: GROUP, queueTimeoutSec: 600 },
          exits: { failure: 'bye' },
        },
        { id: 'bye', type: 'hangup' },
      ],
    },
  });
  await api('POST', `${inst}/flows/queue/publish`, {});
  await api('POST', `${inst}/numbers`, { number: '4000000001', flow: 'queue' });
  const acd = await bench.hotline.acds.acdFor(String(instance['id']));

  // The phones register; registration logs each agent in as ready. Then everyone takes a break
  // while the queue fills.
  const failed = await phones.register(
    bench.sip,
    logins.map((l) => ({ user: l, password: `pw-${l}-bench` })),
  );
  if (failed.length) throw new Error(`registration failed for ${failed.join(', ')}`);
  const ready = async () => (await Promise.all(logins.map((l) => acd.agent(l)))).map((a) => a?.state);
  while ((await ready()).some((s) => s !== 'ready')) await new Promise((r) => setTimeout(r, 50));
  for (const login of logins) await api('PUT', `${inst}/agents/${login}/state`, { state: 'notReady' });
  // Half the agents finish their after-call work from the API 200 ms after hanging up (the
  // phones' process sends the request, so the HTTP client is not on Hotline's event loop).
  phones.send({
    type: 'behave',
    answerAfterMs: 0,
    talkMs: 500,
    finishAcw: {
      stateUrl: `${bench.hotline.url}${inst}/agents`,
      apiKey: bench.hotline.rootKey!.token,
      share: 0.5,
      afterMs: 200,
    },
  });

  // What we measure, per agent: when it became free, how (the ACD's reason), when its call was offered.
  const freeAt = new Map<string, { at: number; reason: string | undefined }>();
  const offeredAt = new Map<string, number>();
  const apiAt = new Map<string, number>();
  const lists = () => ({
    acd: [] as number[],
    b2bua: [] as number[],
    total: [] as number[],
    request: [] as number[],
    toReady: [] as number[],
  });
  const samples = { timer: lists(), api: lists() };
  const baseline: number[] = [];
  let waitingMin = Number.POSITIVE_INFINITY;
  let apiRefused = 0;
  let measuring = false;
  acd.onAgentStateChange((c: AgentStateChange) => {
    if (c.to === 'ready') freeAt.set(c.agentId, { at: monotonicMs(), reason: c.reason });
  });
  acd.onCallEvent((e: CallEvent) => {
    if (e.type === 'offered') offeredAt.set(e.agentId, monotonicMs());
  });
  const baselineSent = new Map<string, number>();
  phones.on((m: AgentPhonesMessage) => {
    if (m.type === 'invite' && m.user === 'nobody') {
      const sent = baselineSent.get(m.callId ?? '');
      if (sent !== undefined) baseline.push(m.at - sent);
      return;
    }
    if (m.type === 'invite') {
      const free = freeAt.get(m.user);
      const offered = offeredAt.get(m.user);
      const requested = apiAt.get(m.user);
      freeAt.delete(m.user);
      offeredAt.delete(m.user);
      apiAt.delete(m.user);
      if (!measuring || !free || offered === undefined) return;
      const path =
        free.reason === 'afterCallWorkEnded'
          ? 'timer'
          : free.reason === 'afterCallWorkFinished'
            ? 'api'
            : null;
      if (!path) return;
      samples[path].acd.push(offered - free.at);
      samples[path].b2bua.push(m.at - offered);
      samples[path].total.push(m.at - free.at);
      if (requested !== undefined) {
        samples[path].request.push(m.at - requested);
        samples[path].toReady.push(free.at - requested);
      }
    } else if (m.type === 'apiReady') {
      apiAt.set(m.user, m.at);
    } else if (m.type === 'apiDone' && m.status !== 200 && measuring) {
      apiRefused++;
    }
  });

  // Callers: as many as agents plus those kept waiting, each waiting until Hotline hangs up.
  writeFileSync(
    join(work, 'caller.xml'),
    callUntilHotlineHangsUp({ caller: '13800138000', called: '4000000001', mediaPort: phones.mediaPort }),
  );
  const callers = sipp(
    [
      '-sf',
      'caller.xml',
      bench.sip,
      '-r',
      '100',
      '-l',
      String(AGENTS + WAITING),
      '-m',
      '1000000',
      '-i',
      '127.0.0.1',
      '-p',
      '0',
      '-mp',
      '0',
    ],
    work,
    SECONDS + 120,
  );
  while ((await acd.groupSnapshot(GROUP)).waiting < Math.min(AGENTS + WAITING, 20))
    await new Promise((r) => setTimeout(r, 100));

  // Agents come back one by one; from then on they cycle by themselves.
  measuring = true;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  for (const login of logins) {
    apiAt.set(login, monotonicMs());
    await api('PUT', `${inst}/agents/${login}/state`, { state: 'ready' });
  }
  // The baseline, under the same load: a bare INVITE to the phones every 50 ms.
  const probe = createSipStack({ transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }] });
  await probe.start();
  const end = Date.now() + SECONDS * 1000;
  let probes = 0;
  while (Date.now() < end) {
    const callId = `probe-${probes++}`;
    baselineSent.set(callId, monotonicMs());
    void probe
      .invite(`sip:nobody@127.0.0.1:${phones.sipPort}`, {
        from: '<sip:bench@127.0.0.1>',
        to: '<sip:nobody@127.0.0.1>',
        headers: [{ name: 'X-Hotline-Call-Id', value: callId }],
      })
      .catch(() => undefined);
    waitingMin = Math.min(waitingMin, (await acd.groupSnapshot(GROUP)).waiting);
    await new Promise((r) => setTimeout(r, 50));
  }
  measuring = false;
  loop.disable();
  callers.stop();
  const sippRun = await callers;
  await probe.close();

  console.log(
    `Offer latency end to end: ${AGENTS} agents (phones on Hotline's SIP stack, registered with digest), ` +
      `${AGENTS + WAITING} sipp callers (at least ${waitingMin} waiting throughout), ${SECONDS} s, ` +
      `${IDLE_AGENTS} more agents in the instance, ${apiRefused} API requests refused; ` +
      `load ${loadavg()[0]!.toFixed(1)}. sipp: ${sippRun.stats['SuccessfulCall(C)'] ?? '?'} calls done, ` +
      `${sippRun.stats['FailedCall(C)'] ?? '?'} failed (those cut at the end).\n`,
  );
  const row = (name: string, values: number[]) => console.log(`${name.padEnd(44)} ${summarize(values)}`);
  row('ACW timer ends → INVITE at the phone', samples.timer.total);
  row('  ACD: agent ready → call offered', samples.timer.acd);
  row('  B2BUA: offered → INVITE at the phone', samples.timer.b2bua);
  row('API ready (finish ACW) → INVITE at the phone', samples.api.request);
  row('  API request → agent ready in the ACD', samples.api.toReady);
  row('  ACD: agent ready → call offered', samples.api.acd);
  row('  B2BUA: offered → INVITE at the phone', samples.api.b2bua);
  row('baseline: bare INVITE, other stack → phone', baseline);
  console.log(
    `Hotline's event loop (this process): delay p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, ` +
      `p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
} finally {
  phones.stop();
  await bench.close();
  removeDir(work);
}
