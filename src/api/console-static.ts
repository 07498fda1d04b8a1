import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface ConsoleStaticOptions {
  /** The built console (index.html and assets/); by default console/dist of this checkout. */
  dist?: string;
}

const NOT_BUILT =
  'The Hotline web console is not built.\n\n' +
  'Run `npm run build` in the Hotline folder (it builds the console into console/dist), then reload this page.\n' +
  'The HTTP API works without it: see /openapi.json.\n';

/** console/dist of the checkout this file belongs to (src/api or dist/src/api below the package.json). */
export function defaultConsoleDist(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'console', 'dist');
    const up = dirname(dir);
    if (up === dir) return join(process.cwd(), 'console', 'dist');
    dir = up;
  }
}

/**
 * Serves the web console: its page at `/` and at every client route under `/console/`, and its
 * hashed assets under `/assets/`. Without a build, `/` says how to make one. Everything the
 * console shows comes from the HTTP API; nothing here reaches past it.
 */
export async function consoleStatic(app: FastifyInstance, options: ConsoleStaticOptions = {}): Promise<void> {
  const dist = options.dist ?? defaultConsoleDist();
  const index = join(dist, 'index.html');

  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!existsSync(index)) return reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(index));
  };
  for (const url of ['/', '/console', '/console/*']) app.get(url, { schema: { hide: true } }, page);

  await app.register(fastifyStatic, {
    root: join(dist, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    schemaHide: true,
    suppressWarning: true,
    // File names carry a content hash: cache them for good.
    immutable: true,
    maxAge: '365d',
  });
}
