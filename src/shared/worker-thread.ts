import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry module is `entry` (a name without extension) beside the
 * module at `beside` (its import.meta.url). Built, that is a .js file. Run from source (tsx: tests,
 * benchmarks), it is a .ts file, and a worker thread does not inherit tsx's loader: it registers
 * it first.
 */
export function startWorkerThread(beside: string, entry: string, workerData: unknown): Worker {
  if (!beside.endsWith('.ts')) return new Worker(new URL(`./${entry}.js`, beside), { workerData });
  const script = new URL(`./${entry}.ts`, beside).href;
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(script)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
