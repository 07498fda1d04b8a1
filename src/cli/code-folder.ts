import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const skipped = new Set(['.git', '.hg', '.svn', '__pycache__', '.DS_Store']);

/** Reads a code folder into the API's JSON code form (text files as text, others as base64). */
export function readCodeFolder(root: string): Record<string, string | { base64: string }> {
  const st = statSync(root, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw new Error(`${root} is not a folder`);
  const files: Record<string, string | { base64: string }> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (skipped.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const bytes = readFileSync(full);
        const text = bytes.toString('utf8');
        const path = relative(root, full).split(sep).join('/');
        files[path] = Buffer.from(text, 'utf8').equals(bytes) ? text : { base64: bytes.toString('base64') };
      }
    }
  };
  walk(root);
  if (Object.keys(files).length === 0) throw new Error(`${root} holds no files`);
  return files;
}
