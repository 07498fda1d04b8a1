import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import type { ApiServices } from '../context.js';
import { errorResponses, functionParams } from '../schemas.js';

const record = z.object({
  requestId: z.string(),
  version: z.number(),
  source: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  status: z.enum(['success', 'error']),
  errorType: z.string().nullable(),
  maxMemoryUsedMb: z.number().nullable(),
  coldStart: z.boolean(),
  log: z.string().optional(),
  logTruncated: z.boolean(),
});

export function logRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['logs'];
  const base = '/v1/regions/:region/services/:service/functions/:fn/invocations';
  const res = (accountId: string, p: { region: string; service: string; fn: string }) =>
    resourceNames.fcFunction(accountId, p.region, p.service, p.fn);

  r.get(base, {
    schema: {
      tags,
      summary: 'List recent invocations (newest first)',
      params: functionParams,
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).optional(),
        before: z.string().optional().describe('Only invocations started before this ISO time (for paging).'),
      }),
      response: { 200: z.object({ invocations: z.array(record) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:ListInvocations', res(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      return {
        invocations: await s.invocations.listInvocations(
          req.principal.accountId,
          region,
          service,
          fn,
          req.query,
        ),
      };
    },
  });

  r.get(`${base}/:requestId`, {
    schema: {
      tags,
      summary: 'An invocation with its whole log',
      params: functionParams.extend({ requestId: z.string().max(64) }),
      response: { 200: record, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:GetInvocation', res(req.principal.accountId, req.params));
      const { region, service, fn, requestId } = req.params;
      return s.invocations.getInvocation(req.principal.accountId, region, service, fn, requestId);
    },
  });
}
