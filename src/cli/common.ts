import { type Command, InvalidArgumentError } from 'commander';
import { ApiClient, ApiError } from './client.js';

/** Options every API command takes. */
export interface GlobalOptions {
  url?: string;
  key?: string;
  data?: string;
  region?: string;
  json?: boolean;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function clientFor(cmd: Command): ApiClient {
  const g = globals(cmd);
  return new ApiClient({ url: g.url, key: g.key, data: g.data });
}

export function regionOf(cmd: Command): string {
  return globals(cmd).region ?? process.env['HOTLINE_REGION'] ?? 'cn-hangzhou';
}

/** `service/function` → its two parts. */
export function parseFunctionAddress(value: string): { service: string; fn: string } {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(value);
  if (!m)
    throw new InvalidArgumentError(
      `expected <service>/<function>, e.g. demo-service/get_number_region, not '${value}'`,
    );
  return { service: m[1]!, fn: m[2]! };
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive number, not '${value}'`);
  return n;
}

export function collectKeyValue(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, not '${value}'`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export const enc = encodeURIComponent;

/** Runs a command body, turning API errors into one readable line and exit code 1. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof ApiError) {
        process.stderr.write(`error: ${err.message} [${err.code}]\n`);
        const problems = (err.details as { problems?: unknown } | undefined)?.problems;
        if (Array.isArray(problems)) for (const p of problems) process.stderr.write(`  - ${String(p)}\n`);
        process.exitCode = 1;
        return;
      }
      throw err;
    }
  };
}
