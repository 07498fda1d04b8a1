import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { functionErrors } from './errors.js';
import type { CodeInput } from './settings.js';

/** A function version's files: normalised relative paths to contents. */
export type CodeFiles = Map<string, Uint8Array>;

const maxFiles = 2000;

/** Turns code as sent (JSON files or a zip) into checked files. */
export function codeFilesFromInput(input: CodeInput, maxBytes: number): CodeFiles {
  if ('files' in input) {
    const files: CodeFiles = new Map();
    let total = 0;
    for (const [path, content] of Object.entries(input.files)) {
      const bytes = typeof content === 'string' ? strToU8(content) : Buffer.from(content.base64, 'base64');
      total += bytes.length;
      if (total > maxBytes) throw functionErrors.InvalidCode(`code is larger than ${maxBytes} bytes`);
      files.set(normalisePath(path), bytes);
    }
    return checkFiles(files);
  }
  return unzipCode(Buffer.from(input.zipBase64, 'base64'), maxBytes);
}

/** Reads a zip archive, refusing archives that expand past maxBytes or hold unsafe paths. */
export function unzipCode(zip: Uint8Array, maxBytes: number): CodeFiles {
  let declared = 0;
  let count = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        count++;
        declared += file.originalSize;
        if (count > maxFiles)
          throw functionErrors.InvalidCode(`the archive holds more than ${maxFiles} files`);
        if (declared > maxBytes)
          throw functionErrors.InvalidCode(`the archive expands to more than ${maxBytes} bytes`);
        return !file.name.endsWith('/');
      },
    });
  } catch (cause) {
    if (
      cause instanceof Error &&
      'code' in cause &&
      typeof cause.code === 'string' &&
      cause.name === 'HotlineError'
    )
      throw cause;
    throw functionErrors.InvalidCode(`the code is not a valid zip archive: ${(cause as Error).message}`, {
      cause,
    });
  }
  const files: CodeFiles = new Map();
  let total = 0;
  for (const [name, bytes] of Object.entries(entries)) {
    total += bytes.length;
    if (total > maxBytes)
      throw functionErrors.InvalidCode(`the archive expands to more than ${maxBytes} bytes`);
    files.set(normalisePath(name), bytes);
  }
  return checkFiles(stripCommonFolder(files));
}

export function zipCode(files: CodeFiles): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const [path, bytes] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) tree[path] = bytes;
  // A fixed mtime keeps the archive (and its hash) the same for the same files.
  return zipSync(tree, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function normalisePath(raw: string): string {
  const path = raw.replace(/\\/g, '/');
  if (path.includes('\0'))
    throw functionErrors.InvalidCode(`file name ${JSON.stringify(raw)} holds a NUL character`);
  if (path.startsWith('/'))
    throw functionErrors.InvalidCode(`file ${raw} has an absolute path; paths are relative to the code root`);
  const normal = posix.normalize(path);
  if (normal === '.' || normal.startsWith('../') || normal === '..') {
    throw functionErrors.InvalidCode(`file ${raw} points outside the code folder`);
  }
  return normal;
}

function checkFiles(files: CodeFiles): CodeFiles {
  if (files.size === 0) throw functionErrors.InvalidCode('the code holds no files');
  if (files.size > maxFiles) throw functionErrors.InvalidCode(`the code holds more than ${maxFiles} files`);
  return files;
}

/** A zip made of a folder (`demo/index.js`) is read as if the folder were the root. */
function stripCommonFolder(files: CodeFiles): CodeFiles {
  const paths = [...files.keys()];
  const first = paths[0]?.split('/')[0];
  if (!first || paths.some((p) => !p.startsWith(`${first}/`))) return files;
  const out: CodeFiles = new Map();
  for (const [path, bytes] of files) out.set(path.slice(first.length + 1), bytes);
  return out;
}

/** Writes files into a fresh folder atomically: readers see all of it or none. */
export function writeCodeFolder(target: string, files: CodeFiles): void {
  if (existsSync(target)) return;
  const staging = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(staging, { recursive: true });
  try {
    for (const [path, bytes] of files) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes, { mode: 0o644 });
    }
    mkdirSync(dirname(target), { recursive: true });
    try {
      renameSync(staging, target);
    } catch (err) {
      // Another request materialised the same code first: theirs is identical.
      if (!existsSync(target)) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
