import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { labelSchema } from '../../shared/names.js';
import type { ApiServices } from '../context.js';
import { errorResponses, functionParams } from '../schemas.js';
import { invocationSummary, summarise } from './invoke.js';

const eventBody = z.object({
  name: z.string(),
  payload: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const eventParams = functionParams.extend({ event: labelSchema });

export function testEventRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['test events'];
  const base = '/v1/regions/:region/services/:service/functions/:fn/test-events';
  const res = (accountId: string, p: { region: string; service: string; fn: string }) =>
    resourceNames.fcFunction(accountId, p.region, p.service, p.fn);

  r.get(base, {
    schema: {
      tags,
      summary: 'List saved test events',
      params: functionParams,
      response: { 200: z.object({ events: z.array(eventBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:ListTestEvents', res(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      return { events: await s.testEvents.list(req.principal.accountId, region, service, fn) };
    },
  });

  r.post(base, {
    schema: {
      tags,
      summary: 'Save a test event (replaces one of the same name)',
      params: functionParams,
      body: z.strictObject({ name: labelSchema, payload: z.string().max(6 * 1024 * 1024) }),
      response: { 200: eventBody, 201: eventBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'fc:PutTestEvent', res(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      const { created, ...saved } = await s.testEvents.put(
        req.principal.accountId,
        region,
        service,
        fn,
        req.body.name,
        req.body.payload,
      );
      return reply.status(created ? 201 : 200).send(saved);
    },
  });

  r.get(`${base}/:event`, {
    schema: {
      tags,
      summary: 'Get a saved test event',
      params: eventParams,
      response: { 200: eventBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:GetTestEvent', res(req.principal.accountId, req.params));
      const { region, service, fn, event } = req.params;
      return s.testEvents.get(req.principal.accountId, region, service, fn, event);
    },
  });

  r.delete(`${base}/:event`, {
    schema: {
      tags,
      summary: 'Delete a saved test event',
      params: eventParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'fc:DeleteTestEvent', res(req.principal.accountId, req.params));
      const { region, service, fn, event } = req.params;
      await s.testEvents.delete(req.principal.accountId, region, service, fn, event);
      return reply.status(204).send(null);
    },
  });

  r.post(`${base}/:event/invoke`, {
    schema: {
      tags,
      summary: 'Run the function with a saved test event',
      params: eventParams,
      response: { 200: invocationSummary, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:InvokeFunction', res(req.principal.accountId, req.params));
      const { region, service, fn, event } = req.params;
      const saved = await s.testEvents.get(req.principal.accountId, region, service, fn, event);
      const out = await s.invocations.invoke({
        accountId: req.principal.accountId,
        region,
        service,
        name: fn,
        payload: Buffer.from(saved.payload, 'utf8'),
        source: 'test-event',
      });
      return summarise(out);
    },
  });
}
