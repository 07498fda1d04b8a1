import { posix } from 'node:path';
import { transform } from 'esbuild';
import type { CodeFiles } from './code-package.js';
import { functionErrors } from './errors.js';

/**
 * Node functions may be written in TypeScript. Each .ts/.mts/.cts file is compiled to JavaScript next
 * to it (index.ts → index.mjs when it uses ES modules, index.js otherwise), so the runner loads plain
 * JavaScript. Compile errors are reported with file, line and column at deploy time.
 */
export async function compileTypeScript(files: CodeFiles): Promise<CodeFiles> {
  const out: CodeFiles = new Map(files);
  const problems: string[] = [];
  for (const [path, bytes] of files) {
    const ext = posix.extname(path);
    if (!['.ts', '.mts', '.cts'].includes(ext) || path.endsWith('.d.ts') || path.includes('node_modules/'))
      continue;
    const source = Buffer.from(bytes).toString('utf8');
    const esm = ext === '.mts' || (ext === '.ts' && /^\s*(import|export)\s/m.test(source));
    try {
      const result = await transform(source, {
        loader: 'ts',
        format: esm ? 'esm' : 'cjs',
        target: 'node20',
        sourcefile: path,
        sourcemap: 'inline',
      });
      const base = path.slice(0, -ext.length);
      const code = esm ? rewriteRelativeImports(result.code) : result.code;
      out.set(`${base}${esm ? '.mjs' : '.js'}`, Buffer.from(code));
    } catch (err) {
      const errors = (
        err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }
      ).errors;
      for (const e of errors ?? [{ text: (err as Error).message }]) {
        const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}` : path;
        problems.push(`${at}: ${e.text}`);
      }
    }
  }
  if (problems.length > 0) {
    throw functionErrors.CodeBuildFailed(`TypeScript compile failed: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return out;
}

/**
 * `import x from './util'` (or './util.ts', './util.js') → './util.mjs', since compiled ES modules
 * end in .mjs. Other relative imports (JSON, .cjs, …) are left alone.
 */
function rewriteRelativeImports(code: string): string {
  return code.replace(
    /(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\2/g,
    (whole, lead, q, spec: string) => {
      const last = spec.slice(spec.lastIndexOf('/') + 1);
      const ext = posix.extname(last);
      if (ext === '') return `${lead}${q}${spec}.mjs${q}`;
      if (ext === '.js' || ext === '.ts' || ext === '.mts')
        return `${lead}${q}${spec.slice(0, -ext.length)}.mjs${q}`;
      return whole;
    },
  );
}
