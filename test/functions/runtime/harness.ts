/** Helpers shared by the runtime tests: function folders, specs, invokers, process trees. */

import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionRuntimeName, FunctionSpec, InvocationResult } from '../../../src/functions/invoker.js';
import type { ErrorPayload } from '../../../src/functions/runtime/protocol.js';

/** A function's code: file path (relative) → content. */
export type FunctionFiles = Record<string, string>;

export interface TempArea {
  root: string;
  /** Writes a function's files into a new folder and returns its path. */
  writeFunction(files: FunctionFiles): Promise<string>;
  remove(): Promise<void>;
}

export async function createTempArea(prefix: string): Promise<TempArea> {
  const root = await mkdtemp(join(tmpdir(), `hotline-${prefix}-`));
  let count = 0;
  return {
    root,
    async writeFunction(files) {
      const dir = join(root, `fn-${++count}`);
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      await mkdir(dir, { recursive: true });
      return dir;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

let names = 0;

export function specFor(
  runtime: FunctionRuntimeName,
  codeDir: string,
  overrides: Partial<FunctionSpec> = {},
): FunctionSpec {
  return {
    accountId: 'account-1',
    region: 'cn-hangzhou',
    service: 'tests',
    name: `fn-${++names}`,
    version: 1,
    runtime,
    handler: 'index.handler',
    memoryMb: 128,
    timeoutMs: 10_000,
    environment: {},
    codeDir,
    ...overrides,
  };
}

let requests = 0;

export function requestId(): string {
  return `req-${process.pid}-${++requests}`;
}

export function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function parsePayload(result: InvocationResult): unknown {
  return JSON.parse(result.payload.toString('utf8'));
}

export function errorOf(result: InvocationResult): ErrorPayload {
  return parsePayload(result) as ErrorPayload;
}

/** All error text a user would read: message and stack trace. */
export function errorText(result: InvocationResult): string {
  const error = errorOf(result);
  return [error.errorMessage, ...error.stackTrace].join('\n');
}

/** Every process below pid (children of all its threads, recursively). */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found; // the process is gone
  }
  for (const task of tasks) {
    let listed = '';
    try {
      listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    } catch {
      continue; // the thread ended meanwhile
    }
    for (const child of listed === '' ? [] : listed.split(' ').map(Number)) {
      found.push(child, ...descendants(child));
    }
  }
  return found;
}

/** True while /proc lists the pid (zombies included). */
export function processListed(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
}
