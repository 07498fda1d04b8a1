/**
 * The console in a real browser: a real Hotline (API and built console in-process), Debian's
 * Chromium driven by playwright-core, and screenshots kept in test-artifacts/console/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Download, type Page } from 'playwright-core';
import type { ConfigInput } from '../../src/config/config.js';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';
import { type LookupServer, startLookupServer } from '../helpers/lookup-server.js';
import { seedPython } from '../helpers/seed-functions.js';

const CHROMIUM = '/usr/bin/chromium';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('no package.json above the test');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRoot();
const artifacts = join(repoRoot, 'test-artifacts', 'console');

/** Why the browser tests cannot run here, or false when they can. */
export const skipReason: string | false = !existsSync(join(repoRoot, 'console', 'dist', 'index.html'))
  ? 'console/dist/index.html is missing: build the console first (npx vite build --config console/vite.config.ts; CI builds it before the tests)'
  : !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`
    : false;

export interface ConsoleSession {
  h: TestHotline;
  lookup: LookupServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Opens a console path (e.g. /console/instances). */
  open(path: string): Promise<void>;
  /** Evaluates an expression in the page (text: the tests have no DOM types). */
  evaluate<T>(expression: string): Promise<T>;
  /** Saves a screenshot as test-artifacts/console/<name>.png. */
  shot(name: string): Promise<void>;
  /** Calls the API with the root key and fails on anything but 2xx. */
  api(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts Hotline, the lookup stand-in and Chromium. With signedIn the key is put in the page's
 * storage (as the sign-in page does), so a test starts on the console itself.
 */
export async function startConsole(
  options: { signedIn?: boolean; language?: 'en' | 'zh-CN'; config?: ConfigInput } = {},
) {
  const h = await startTestHotline(options.config);
  const lookup = await startLookupServer();
  let browser: Browser;
  try {
    // launch() gives Chromium a new, empty profile directory of its own (removed on close).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    await h.close();
    await lookup.close();
    throw err;
  }
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(20_000);
  if (options.signedIn !== false) {
    // Runs in the page before the console loads (a string: the tests are compiled without DOM types).
    await context.addInitScript(
      `localStorage.setItem('hotline.apiKey', ${JSON.stringify(h.rootKey)});` +
        `localStorage.setItem('hotline.language', ${JSON.stringify(options.language ?? 'en')});`,
    );
  }
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  mkdirSync(artifacts, { recursive: true });

  const session: ConsoleSession = {
    h,
    lookup,
    browser,
    context,
    page,
    async open(path) {
      await page.goto(h.url + path);
    },
    evaluate: (expression) => page.evaluate(expression),
    async shot(name) {
      await page.screenshot({ path: join(artifacts, `${name}.png`) });
    },
    async api(method, path, body) {
      const res = await h.request(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.json;
    },
    async close() {
      await browser.close();
      await h.close();
      await lookup.close();
      assert.deepEqual(pageErrors, [], 'the console threw no errors in the page');
    },
  };
  return session;
}

/** The seed's function (Python) in cn-hangzhou/demo-service, made through the API. */
export async function createSeedFunction(s: ConsoleSession): Promise<void> {
  await s.api('POST', '/v1/regions/cn-hangzhou/services', { name: 'demo-service' });
  await s.api('POST', '/v1/regions/cn-hangzhou/services/demo-service/functions', {
    name: 'get_number_region',
    runtime: 'python3',
    environmentVariables: { LOOKUP_URL: s.lookup.url },
    code: { files: { 'index.py': seedPython } },
  });
}

/** The text of a file the page downloaded. */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
