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
  r.get('/metrics', {
    schema: {
      tags: ['system'],
      summary: 'Prometheus metrics (no credentials: expose the port only to your monitoring)',
    },
    handler: async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await s.metricsText()),
  });
  r.get('/v1/status', {
    schema: { tags: ['system'], summary: 'What this server runs with (sandbox, database, regions)' },
    handler: async () => s.status(),
  });
}
