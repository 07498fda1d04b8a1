/**
 * Random mutations of valid and torture messages (fixed seed, bounded iterations): parseMessage
 * never throws; what it accepts serializes and parses back to the same fields; what it refuses
 * is answered, if at all, with a response that serializes; the framer never throws either.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../src/shared/paths.js';
import {
  createStreamFramer,
  errorResponseFor,
  parseMessage,
  serializeMessage,
} from '../../../src/telephony/sip/index.js';
import { INVITE, OK_200, OPTIONS } from './samples.js';

const RFC4475 = join(packageRoot, '..', 'shared', 'conformance', 'rfc4475');
const CORPUS = [
  INVITE,
  OK_200,
  OPTIONS,
  ...readdirSync(RFC4475)
    .filter((f) => f.endsWith('.dat'))
    .map((f) => readFileSync(join(RFC4475, f))),
];
const ITERATIONS = 20_000;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = Buffer.from(':;,"<>\\%\r\n \t\0@[]=/?&*+-.0123456789zZ\x7f\xff\xc3', 'latin1');

function mutate(input: Buffer, random: () => number): Buffer {
  const pick = (n: number) => Math.floor(random() * n);
  let bytes = Buffer.from(input);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = pick(bytes.length + 1);
    switch (pick(8)) {
      case 0: // overwrite a byte
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = SPECIAL[pick(SPECIAL.length)]!;
        break;
      case 1: // insert a byte
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          SPECIAL.subarray(pick(SPECIAL.length)).subarray(0, 1),
          bytes.subarray(at),
        ]);
        break;
      case 2: // delete a run
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + pick(8))]);
        break;
      case 3: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 4: {
        // duplicate a line
        const lines = bytes.toString('latin1').split('\r\n');
        const i = pick(lines.length);
        lines.splice(i, 0, lines[i] ?? '');
        bytes = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 5: // insert a fold
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from('\r\n '), bytes.subarray(at)]);
        break;
      case 6: // a huge number
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from('99999999999999999999'),
          bytes.subarray(at),
        ]);
        break;
      default: // random byte anywhere
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = pick(256);
    }
  }
  return bytes;
}

test(`${ITERATIONS} mutated messages never make parseMessage throw`, () => {
  const random = prng(0x5eed4475);
  let accepted = 0;
  let answered = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const bytes = mutate(CORPUS[i % CORPUS.length]!, random);
    const transport = i % 3 === 0 ? 'tcp' : 'udp';
    const result = parseMessage(bytes, { transport });
    if (result.ok) {
      accepted++;
      const again = parseMessage(serializeMessage(result.message), { transport: 'udp' });
      assert.ok(again.ok, `case ${i}: serialized form of an accepted message refused`);
      assert.deepEqual(again.message.via, result.message.via, `case ${i}`);
      assert.deepEqual(again.message.cseq, result.message.cseq, `case ${i}`);
      assert.deepEqual(again.message.from, result.message.from, `case ${i}`);
      assert.deepEqual(again.message.to, result.message.to, `case ${i}`);
      assert.deepEqual(again.message.contact, result.message.contact, `case ${i}`);
    } else {
      const response = errorResponseFor(result);
      if (response !== null) {
        answered++;
        serializeMessage(response);
      }
    }
  }
  // The mutations must exercise both paths.
  assert.ok(accepted > ITERATIONS / 20, `only ${accepted} accepted`);
  assert.ok(answered > ITERATIONS / 20, `only ${answered} answered`);
});

test('mutated streams in random chunks never make the framer throw', () => {
  const random = prng(0xf4a3e5);
  for (let i = 0; i < 2_000; i++) {
    const stream = Buffer.concat([
      mutate(CORPUS[i % CORPUS.length]!, random),
      mutate(OPTIONS, random),
      Buffer.from('\r\n\r\n'),
    ]);
    const framer = createStreamFramer();
    let at = 0;
    while (at < stream.length) {
      const size = 1 + Math.floor(random() * 300);
      for (const event of framer.push(stream.subarray(at, at + size))) {
        if (event.type === 'message') parseMessage(event.bytes, { transport: 'tcp' });
        if (event.type === 'error') errorResponseFor(event.failure);
      }
      at += size;
    }
  }
});
