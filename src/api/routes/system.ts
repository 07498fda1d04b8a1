import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiServices } from '../context.js';

export function systemRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/healthz', {
    schema: { tags: ['system'], summary: 'Liveness', response: { 200: z.object({ ok: z.boolean() }) } },
    handler: async () => ({ ok: true }),
  });
  r.get('/v1/status', {
    schema: { tags: ['system'], summary: 'What this server runs with (sandbox, database, regions)' },
    handler: async () => s.status(),
  });
}
