import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Hotline, startHotline } from '../../src/app.js';
import { type ConfigInput, loadConfig } from '../../src/config/config.js';

export interface TestHotline {
  hotline: Hotline;
  url: string;
  rootKey: string;
  dataDir: string;
  /** Calls the API with a key (the root key unless given). */
  request(
    method: string,
    path: string,
    body?: unknown,
    key?: string,
  ): Promise<{ status: number; headers: Headers; json: unknown; text: string }>;
  /** Stops the server and starts it again on the same data folder (a new port: read `url` again). */
  restart(): Promise<void>;
  /** The same, failing the test (with the answer) unless it succeeds; resolves with the JSON. */
  ok(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A real Hotline on a free port with a temporary data folder. */
export async function startTestHotline(overrides: ConfigInput = {}): Promise<TestHotline> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  const config = loadConfig({
    env: {},
    file: undefined,
    // Telephony stays off unless a test asks for it (every server would want port 5060).
    overrides: { sip: { listen: [] }, ...overrides, dataDir, http: { port: 0, ...(overrides.http ?? {}) } },
  });
  const start = () => startHotline(config, { logger: pino({ level: 'silent' }) });
  const hotline = await start();
  if (!hotline.rootKey) throw new Error('expected a first start');
  const rootKey = hotline.rootKey.token;
  const test: TestHotline = {
    hotline,
    url: hotline.url,
    rootKey,
    dataDir,
    async request(method, path, body, key = rootKey) {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      let payload: string | Buffer | undefined;
      if (Buffer.isBuffer(body)) {
        payload = body;
        headers['content-type'] = 'application/octet-stream';
      } else if (body !== undefined) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(test.url + path, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, text };
    },
    async ok(method, path, body) {
      const res = await test.request(method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
      return res.json;
    },
    async restart() {
      await test.hotline.close();
      test.hotline = await start();
      test.url = test.hotline.url;
    },
    async close() {
      await test.hotline.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}
