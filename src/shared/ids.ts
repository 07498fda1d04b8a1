import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** A random identifier with a readable prefix, e.g. `fn_8k2m…` (80 bits of randomness). */
export function newId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[bytes[i]! & 31];
  return `${prefix}_${out}`;
}

/** A request id in the shape the hosted function services use (UUID v4). */
export function newRequestId(): string {
  return crypto.randomUUID();
}
