/**
 * SIP message layer throughput: parse (UDP), serialize, a 100 Trying built and serialized, and
 * the TCP framer, for a typical INVITE with SDP, a 200 OK and an OPTIONS. The baseline, measured
 * in the same run, is the least any parser must do: decode the bytes and split the lines.
 *
 *   node --import tsx bench/telephony/sip-parse.ts [seconds per case, default 1]
 */
import {
  buildResponse,
  createStreamFramer,
  parseMessage,
  type SipMessage,
  type SipRequest,
  serializeMessage,
} from '../../src/telephony/sip/index.js';
import { INVITE, OK_200, OPTIONS } from '../../test/telephony/sip/samples.js';

const SECONDS = Number(process.argv[2] ?? 1);
let sink = 0;

/** Runs fn in batches until `SECONDS` have passed; returns operations per second. */
function measure(fn: () => void): number {
  for (let i = 0; i < 20_000; i++) fn();
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 1_000; i++) fn();
    ops += 1_000;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

function parsed(bytes: Buffer): SipMessage {
  const r = parseMessage(bytes, { transport: 'udp' });
  if (!r.ok) throw new Error(`sample does not parse: ${r.error.detail}`);
  return r.message;
}

const rows: [string, string, number][] = [];
function row(message: string, operation: string, fn: () => void): void {
  rows.push([message, operation, measure(fn)]);
}

for (const [name, bytes] of [
  ['INVITE+SDP', INVITE],
  ['200 OK+SDP', OK_200],
  ['OPTIONS', OPTIONS],
] as const) {
  const message = parsed(bytes);
  row(name, `baseline: latin1 + split lines (${bytes.length} B)`, () => {
    sink += bytes.toString('latin1').split('\r\n').length;
  });
  row(name, 'parseMessage (udp)', () => {
    sink += parseMessage(bytes, { transport: 'udp' }).ok ? 1 : 0;
  });
  row(name, 'serializeMessage', () => {
    sink += serializeMessage(message).length;
  });
  if (message.kind === 'request') {
    const request = message as SipRequest;
    row(name, 'parse + 100 Trying built + serialized', () => {
      const r = parseMessage(bytes, { transport: 'udp' });
      if (r.ok && r.message.kind === 'request')
        sink += serializeMessage(buildResponse(r.message, 100)).length;
    });
    row(name, 'buildResponse 200 + serialize', () => {
      sink += serializeMessage(buildResponse(request, 200)).length;
    });
  }
}

const stream = Buffer.concat([INVITE, OK_200, OPTIONS]);
const framer = createStreamFramer();
row('3 pipelined', 'framer + parse (tcp), per message', () => {
  for (const event of framer.push(stream)) {
    if (event.type === 'message') sink += parseMessage(event.bytes, { transport: 'tcp' }).ok ? 1 : 0;
  }
});
rows[rows.length - 1]![2] *= 3;

/** Latency of INVITE → serialized 100 Trying, one at a time. */
function latency(): { p50: number; p99: number; max: number } {
  const samples = new Float64Array(200_000);
  for (let i = 0; i < samples.length; i++) {
    const t0 = process.hrtime.bigint();
    const r = parseMessage(INVITE, { transport: 'udp' });
    if (r.ok && r.message.kind === 'request') sink += serializeMessage(buildResponse(r.message, 100)).length;
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  samples.sort();
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

console.log(`SIP message layer, Node ${process.version}, ${SECONDS}s per case\n`);
console.log(
  `${'message'.padEnd(12)} ${'operation'.padEnd(44)} ${'msg/s'.padStart(12)} ${'µs/msg'.padStart(8)}`,
);
for (const [message, operation, perSecond] of rows) {
  console.log(
    `${message.padEnd(12)} ${operation.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ${(1e6 / perSecond).toFixed(2).padStart(8)}`,
  );
}
const l = latency();
console.log(
  `\nINVITE → serialized 100 Trying, 200,000 one at a time: p50 ${l.p50.toFixed(1)} µs, p99 ${l.p99.toFixed(1)} µs, max ${l.max.toFixed(0)} µs`,
);
if (sink === 42) console.log('');
