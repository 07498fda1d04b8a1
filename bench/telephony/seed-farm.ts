/**
 * Calls per second through the whole seed flow — welcome prompt (TTS), the demo's Python function
 * get_number_region, a condition on the region, transfer to 北京/河北/上海/人工客服组 — to a farm of
 * answering agents: sipp registers every agent with digest (a scenario with [authentication] read
 * from -inf users.csv, sent from the port the farm then answers on), then one `sipp` UAS answers every
 * INVITE Hotline rings them with, answering PCMA (so the bridge converts to the callers' PCMU)
 * and talking a pcap. Agents have no after-call work: free again at once. sipp callers from
 * Beijing, Hebei, Shanghai and unknown numbers stay on the line through the flow and a short talk,
 * then hang up; conversations are recorded (as the demo does; `--no-record` to leave that out).
 *
 * For each rate it runs the same flow without the transfer (welcome, function, condition, hang up;
 * what bench/telephony/calls.ts measures) and then the seed flow, and prints calls/s with the
 * failed ones — a failed call: sipp reported it, or it never reached an agent — the callers'
 * INVITE→200 (sipp), queue wait (enqueue → offered to an agent) and ring (offered → the agent
 * phone's 200), from the ACD's events.
 *
 *   node --import tsx bench/telephony/seed-farm.ts [rates, default 5,10,20] [seconds per step, default 20]
 *     [agents per group, default 25] [talk ms, default 1500] [--no-record]
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallEvent } from '../../src/acd/index.js';
import { seedFlow, seedGroups } from '../../test/helpers/seed-flow.js';
import { callAndTalk, callUntilHotlineHangsUp, respond } from '../../test/telephony/calls/scenarios.js';
import { AgentPhones, monotonicMs, removeDir, sipp, startBenchHotline, summarize } from './harness.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RATES = (args[0] ?? '5,10,20').split(',').map(Number);
const SECONDS = Number(args[1] ?? 20);
const PER_GROUP = Number(args[2] ?? 25);
const TALK_MS = Number(args[3] ?? 1500);
const RECORD = !process.argv.includes('--no-record');
const FARM_PORT = 25190;
const inst = '/v1/instances/seed';

/** Callers from each group's region, and from nowhere the function knows (人工客服组). */
const ANIS = [
  ...Array.from({ length: 25 }, (_, i) => `0106${String(2345000 + i)}`),
  ...Array.from({ length: 25 }, (_, i) => `0311${String(1234000 + i)}`),
  ...Array.from({ length: 25 }, (_, i) => `0211${String(2345000 + i)}`),
  ...Array.from({ length: 25 }, (_, i) => `0999${String(1000000 + i)}`),
];

const registerScenario = (farmPort: number) => `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Agents register">
  <send retrans="500">
    <![CDATA[
      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[field0]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[field0]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 REGISTER
      Contact: <sip:[field0]@[local_ip]:${farmPort}>
      Expires: 3600
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="401" auth="true"/>
  <send retrans="500">
    <![CDATA[
      REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[field0]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[field0]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 2 REGISTER
      Contact: <sip:[field0]@[local_ip]:${farmPort}>
      [field1]
      Expires: 3600
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200"/>
</scenario>
`;

// Every agent answers with the same To tag and Contact.
const agentTag = '[pid]SIPpTag01[call_number]';
const agentContact = 'Contact: <sip:[local_ip]:[local_port];transport=[transport]>';

const farmScenario = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Agent farm">
  <recv request="INVITE" crlf="true"/>${respond('180 Ringing', { toTag: agentTag, headers: [agentContact] })}${respond(
    '200 OK',
    {
      toTag: agentTag,
      retrans: true,
      headers: [agentContact],
      sdp: [
        'v=0',
        'o=agent 53655765 2353687637 IN IP[local_ip_type] [local_ip]',
        's=-',
        'c=IN IP[media_ip_type] [media_ip]',
        't=0 0',
        'm=audio [media_port] RTP/AVP 8',
        'a=rtpmap:8 PCMA/8000',
      ].join('\n'),
    },
  )}
  <recv request="ACK" crlf="true"/>
  <nop>
    <action>
      <exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap"/>
    </action>
  </nop>
  <recv request="BYE"/>${respond('200 OK')}
  <timewait milliseconds="2000"/>
</scenario>
`;

/** sipp's time columns read "HH:MM:SS:mmmuuu". */
function sippMs(value: string | undefined): number {
  const m = /^(\d+):(\d+):(\d+):(\d+)$/.exec(value ?? '');
  if (!m) return Number.NaN;
  const micros = m[4]!.padEnd(6, '0');
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + Number(micros) / 1000;
}

/** A plain version of the seed flow: every transfer is a hang-up. */
function plainFlow(entryId: string) {
  const seed = seedFlow(entryId);
  return {
    ...seed,
    name: 'plain',
    modules: seed.modules.map((m) =>
      m.type === 'transferToSkillGroup' ? { id: m.id, type: 'hangup' as const } : m,
    ),
  };
}

interface CsvRow {
  id: string;
  flow: string;
  disposition: string;
  outcome: string;
  agent: string;
  hangup_by: string;
}

function parseCsv(text: string): CsvRow[] {
  const lines = text.trim().split('\n');
  const head = lines[0]!.split(',');
  return lines.slice(1).map((line) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ''])) as unknown as CsvRow;
  });
}

/** The level of each channel of one recorded conversation: the agent's side carries the farm's pcap. */
async function recordingCheck(rows: CsvRow[]): Promise<string> {
  const id = rows.find((r) => r.agent !== '')?.id;
  if (!RECORD || !id) return 'recording: none to check';
  const call = await bench.api('GET', `${inst}/calls/${id}`);
  const file = (call['recordings'] as { file?: string; channels?: number }[] | undefined)?.find(
    (r) => r.channels === 2,
  )?.file;
  if (!file) return 'recording: the call has no stereo recording';
  const wav = readFileSync(file);
  const frames = (wav.length - 44) / 4;
  let left = 0;
  let right = 0;
  for (let i = 0; i < frames; i++) {
    left += wav.readInt16LE(44 + 4 * i) ** 2;
    right += wav.readInt16LE(46 + 4 * i) ** 2;
  }
  const rms = (sum: number) => Math.round(Math.sqrt(sum / Math.max(1, frames)));
  return `recording of one call: ${(frames / 8000).toFixed(1)} s, RMS caller ${rms(left)} / heard ${rms(right)} (the caller's side is silent; the agent's is the farm's pcap)`;
}

const bench = await startBenchHotline({ rtpPorts: [44000, 49999] });
const sink = await AgentPhones.start(); // only its media sink: the callers' RTP port
const work = mkdtempSync(join(tmpdir(), 'hotline-bench-farm-'));
let farm: ReturnType<typeof sipp> | undefined;

try {
  const { api } = bench;
  await api('POST', '/v1/regions/cn-hangzhou/services', { name: 'demo-service' });
  await api('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions', {
    name: 'get_number_region',
    runtime: 'python3',
    code: { files: { 'index.py': readFileSync('demo/functions/get_number_region/index.py', 'utf8') } },
  });
  const instance = await api('POST', '/v1/instances', { name: 'seed', recordCalls: RECORD });
  await api('PUT', `${inst}/function-access`);
  const entry = await api('POST', `${inst}/integration/functions`, {
    region: 'cn-hangzhou',
    service: 'demo-service',
    function: 'get_number_region',
  });
  for (const name of seedGroups)
    await api('POST', `${inst}/skill-groups`, { name, afterCallWorkSeconds: 0, ringTimeoutSeconds: 10 });
  const agents: { login: string; password: string }[] = [];
  for (const [g, group] of seedGroups.entries())
    for (let i = 1; i <= PER_GROUP; i++) {
      const login = `${g + 1}${String(i).padStart(3, '0')}`;
      agents.push({ login, password: `pw-${login}-farm` });
      await api('POST', `${inst}/agents`, {
        loginName: login,
        extension: login,
        skills: [{ skillGroup: group, level: 5 }],
        password: `pw-${login}-farm`,
      });
    }
  const entryId = String(entry['id']);
  for (const [name, definition] of [
    ['seed', seedFlow(entryId)],
    ['plain', plainFlow(entryId)],
  ] as const) {
    await api('POST', `${inst}/flows`, { name, definition });
    await api('POST', `${inst}/flows/${name}/publish`, {});
  }
  await api('POST', `${inst}/numbers`, { number: '4008001234', flow: 'seed' });
  await api('POST', `${inst}/numbers`, { number: '4008001235', flow: 'plain' });
  const acd = await bench.hotline.acds.acdFor(String(instance['id']));

  // The farm: sipp registers every agent from the farm's port, then answers on it.
  // sipp reads the [authentication] keyword from the CSV field (keywords do not nest).
  const auth = (a: { login: string; password: string }) =>
    `${a.login};[authentication username=${a.login} password=${a.password}];`;
  writeFileSync(join(work, 'users.csv'), `SEQUENTIAL\n${agents.map(auth).join('\n')}\n`);
  writeFileSync(join(work, 'register.xml'), registerScenario(FARM_PORT));
  const t = monotonicMs();
  const registered = await sipp(
    [
      '-sf',
      'register.xml',
      bench.sip,
      '-inf',
      'users.csv',
      '-m',
      String(agents.length),
      '-r',
      '50',
      '-i',
      '127.0.0.1',
      '-p',
      String(FARM_PORT),
      '-trace_err',
    ],
    work,
    120,
  );
  if (registered.code !== 0) {
    const errors = readdirSync(work).filter((f) => f.endsWith('_errors.log'));
    const log = errors.map((f) => readFileSync(join(work, f), 'utf8').slice(0, 3000)).join('\n');
    throw new Error(`sipp could not register the agents (exit ${registered.code}):\n${log}`);
  }
  while ((await acd.agents()).filter((a) => a.state === 'ready').length < agents.length)
    await new Promise((r) => setTimeout(r, 100));
  const registerSeconds = (monotonicMs() - t) / 1000;
  writeFileSync(join(work, 'farm.xml'), farmScenario);
  farm = sipp(
    ['-sf', 'farm.xml', '-i', '127.0.0.1', '-p', String(FARM_PORT), '-mp', '26000'],
    work,
    RATES.length * SECONDS * 8 + 600,
  );

  // Callers: random numbers of the four regions; the seed caller stays for the flow and a talk.
  writeFileSync(join(work, 'callers.csv'), `RANDOM\n${ANIS.map((a) => `${a};`).join('\n')}\n`);
  writeFileSync(
    join(work, 'plain.xml'),
    callUntilHotlineHangsUp({ caller: '[field0]', called: '4008001235', mediaPort: sink.mediaPort }),
  );
  const caller = (rate: number, scenario: string, total: number) =>
    sipp(
      [
        '-sf',
        scenario,
        bench.sip,
        '-inf',
        'callers.csv',
        '-m',
        String(total),
        '-r',
        String(rate),
        '-l',
        String(Math.max(50, rate * 30)),
        '-i',
        '127.0.0.1',
        '-p',
        '0',
      ],
      work,
      SECONDS * 6 + 120,
    );
  // Warm up (function instances, the prompt's TTS) and learn how long the flow takes before the transfer.
  const warm = await caller(2, 'plain.xml', 6);
  const flowMs = sippMs(warm.stats['CallLength(C)']);
  const beforeTransferMs = Number.isFinite(flowMs) ? flowMs : 3000;
  writeFileSync(
    join(work, 'seed.xml'),
    callAndTalk({
      caller: '[field0]',
      called: '4008001234',
      mediaPort: sink.mediaPort,
      // A caller whose flow runs 2 s longer than when idle gives up before reaching an agent.
      talkMs: Math.round(beforeTransferMs + 2000 + TALK_MS),
    }),
  );
  await caller(2, 'seed.xml', 4);

  // The ACD's events give queue wait and ring time per call.
  const events = new Map<string, { queued?: number; offered?: number; answered?: number }>();
  acd.onCallEvent((e: CallEvent) => {
    const now = monotonicMs();
    const c = events.get(e.callId) ?? {};
    if (e.type === 'queued') c.queued ??= now;
    else if (e.type === 'offered') c.offered ??= now;
    else if (e.type === 'answered') c.answered = now;
    events.set(e.callId, c);
  });

  console.log(
    `Seed flow to an agent farm: ${agents.length} agents (${PER_GROUP} per group, ACW 0) registered by sipp ` +
      `with digest in ${registerSeconds.toFixed(1)} s; flow before the transfer ≈ ${(beforeTransferMs / 1000).toFixed(1)} s idle; ` +
      `seed callers hang up ${((beforeTransferMs + 2000 + TALK_MS) / 1000).toFixed(1)} s after the answer; recording ${RECORD ? 'on' : 'off'}; ${SECONDS} s per step.\n`,
  );
  for (const rate of RATES) {
    for (const flow of ['plain', 'seed'] as const) {
      events.clear();
      const since = new Date().toISOString();
      const start = monotonicMs();
      const elu = performance.eventLoopUtilization();
      const cpu = process.cpuUsage();
      const run = await caller(rate, `${flow}.xml`, rate * SECONDS);
      const elapsed = (monotonicMs() - start) / 1000;
      const busy = performance.eventLoopUtilization(elu).utilization;
      const used = process.cpuUsage(cpu);
      const cpuPercent = ((used.user + used.system) / 1000 / (elapsed * 1000)) * 100;
      // Every call of the step has ended once sipp is done; the records are written just after.
      await new Promise((r) => setTimeout(r, 1000));
      const csv = await fetch(`${bench.hotline.url}${inst}/calls.csv?since=${encodeURIComponent(since)}`, {
        headers: { authorization: `Bearer ${bench.hotline.rootKey!.token}` },
      }).then((r) => r.text());
      const rows = parseCsv(csv).filter((r) => r.flow === flow);
      const reached = rows.filter((r) => r.agent !== '').length;
      const ok = Number(run.stats['SuccessfulCall(C)'] ?? 0);
      const failed = Number(run.stats['FailedCall(C)'] ?? 0);
      const notReached = flow === 'seed' ? rows.length - reached : 0;
      const waits: number[] = [];
      const rings: number[] = [];
      for (const e of events.values()) {
        if (e.offered !== undefined) waits.push(e.offered - (e.queued ?? e.offered));
        if (e.offered !== undefined && e.answered !== undefined) rings.push(e.answered - e.offered);
      }
      console.log(
        `${String(rate).padStart(4)}/s  ${flow.padEnd(5)}  ${ok}/${rate * SECONDS} ok, ${failed} failed by sipp` +
          (flow === 'seed' ? `, ${notReached} of ${rows.length} never reached an agent` : '') +
          `  →  ${(ok / Math.max(1, elapsed - sippMs(run.stats['CallLength(C)']) / 1000)).toFixed(1)} calls/s ` +
          `(${(ok / elapsed).toFixed(1)} counting the last calls' length), ` +
          `INVITE→200 ${sippMs(run.stats['ResponseTime1(C)']).toFixed(1)} ms (sipp avg)` +
          (flow === 'plain'
            ? `, flow ${(sippMs(run.stats['CallLength(C)']) / 1000).toFixed(2)} s (avg call)`
            : '') +
          `; Hotline's event loop ${(busy * 100).toFixed(0)}% busy, CPU ${cpuPercent.toFixed(0)}% of a core; load ${loadavg()[0]!.toFixed(1)}`,
      );
      if (flow === 'seed') {
        const missed = new Map<string, number>();
        for (const r of rows.filter((r) => r.agent === '')) {
          const key = `${r.disposition || '-'} / ${r.outcome || '-'} / hung up by ${r.hangup_by || '-'}`;
          missed.set(key, (missed.get(key) ?? 0) + 1);
        }
        if (missed.size > 0)
          console.log(`             not reached: ${[...missed].map(([k, n]) => `${n}× ${k}`).join('; ')}`);
        console.log(`             ${await recordingCheck(rows)}`);
        console.log(`             queue wait (enqueue → offered)  ${summarize(waits, 1000)}`);
        console.log(`             ring (offered → agent's 200)    ${summarize(rings, 1000)}`);
      }
    }
  }
} finally {
  farm?.stop();
  await farm;
  sink.stop();
  await bench.close();
  removeDir(work);
}
