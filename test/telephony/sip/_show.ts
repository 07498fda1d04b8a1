import { readFileSync } from 'node:fs';
import { parseMessage, errorResponseFor, serializeMessage } from '/work/main/src/telephony/sip/index.js';
for (const f of process.argv.slice(2)) {
  const r = parseMessage(readFileSync(`/work/shared/conformance/rfc4475/${f}`), { transport: 'udp' });
  if (!r.ok) { const resp = errorResponseFor(r); console.log(f, JSON.stringify(r.partial?.topVia)); console.log(resp ? serializeMessage(resp).toString() : 'null'); }
  else console.log(serializeMessage(r.message).toString('utf8'));
}
