import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `hl_<keyId>.<secret>`. Only a SHA-256 of the secret is stored: secrets are 256
 * random bits, so a slow hash would add latency to every request without adding safety.
 */
export interface IssuedKey {
  keyId: string;
  secret: string;
  token: string;
  secretHash: string;
}

export function issueApiKey(keyId: string): IssuedKey {
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, token: `hl_${keyId}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(token: string): { keyId: string; secret: string } | undefined {
  const m = /^hl_([a-z0-9_]{1,64})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!m) return undefined;
  return { keyId: m[1]!, secret: m[2]! };
}

/**
 * Session tokens (password sign-in) look like `hs_<sessionId>.<secret>`: the same shape and the same
 * stored SHA-256 as API keys, with their own prefix so that a token says which kind it is.
 */
export function issueSessionToken(sessionId: string): IssuedKey {
  const secret = randomBytes(32).toString('base64url');
  return { keyId: sessionId, secret, token: `hs_${sessionId}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseSessionToken(token: string): { sessionId: string; secret: string } | undefined {
  const m = /^hs_([a-z0-9_]{1,64})\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!m) return undefined;
  return { sessionId: m[1]!, secret: m[2]! };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Passwords (console sign-in) are hashed with scrypt: they are low-entropy. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'));
  const expected = Buffer.from(hash, 'base64');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Checks a password against nothing, as long as a real check takes: sign-in answers a missing user
 * as slowly as a wrong password, so timing does not tell which user names exist.
 */
export async function passwordMismatchDelay(password: string): Promise<false> {
  await scryptAsync(password, Buffer.alloc(16));
  return false;
}

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
