#!/usr/bin/env node
// Runs the compiled CLI (npm run build writes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('hotline is not built yet: run `npm run build` (or `npm run setup`) first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
