import { readFileSync, readdirSync } from 'node:fs';
import { parseMessage, errorResponseFor, serializeMessage } from '../../../src/telephony/sip/index.js';
const dir = '/work/shared/conformance/rfc4475';
const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as { file: string; parser: string; expected_as_uas_or_registrar: string }[];
for (const e of expected) {
  const buf = readFileSync(`${dir}/${e.file}`);
  const r = parseMessage(buf, { transport: 'udp' });
  if (r.ok) console.log(e.file.padEnd(16), e.parser.padEnd(16), 'OK', r.message.kind, r.message.kind === 'request' ? r.message.method : r.message.status);
  else {
    const resp = errorResponseFor(r);
    console.log(e.file.padEnd(16), e.parser.padEnd(16), 'FAIL', r.error.code, r.error.header ?? '', '|', r.error.detail, '->', resp ? `${resp.status} ${resp.reason}` : 'null', '| expect:', e.expected_as_uas_or_registrar.slice(0, 50));
  }
}
