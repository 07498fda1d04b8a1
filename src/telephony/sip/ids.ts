import { randomUUID } from 'node:crypto';
import { MAGIC_COOKIE } from './via.js';

/** Fresh random hex: 122 bits from a v4 UUID, `length` hex digits of it. */
function randomHex(length: number): string {
  return randomUUID().replaceAll('-', '').slice(0, length);
}

/** A fresh branch: the magic cookie and 120 random bits (§8.1.1.7). */
export function newBranch(): string {
  return MAGIC_COOKIE + randomHex(30);
}

/** A fresh From/To tag, 64 random bits (§19.3 asks for at least 32). */
export function newTag(): string {
  return randomHex(16);
}

/** A fresh Call-ID (§8.1.1.4), 120 random bits, with the host when given. */
export function newCallId(host?: string): string {
  return host === undefined ? randomHex(30) : `${randomHex(30)}@${host}`;
}

/**
 * A To tag that is the same every time the same request is answered, for a UAS answering
 * without keeping state (§8.2.7): FNV-1a over the fields that identify the request.
 */
export function statelessTag(parts: readonly (string | undefined)[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const part of parts) {
    const text = part ?? '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    }
    h1 = Math.imul(h1 ^ 0x0a, 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
