import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { functionNameSchema, serviceNameSchema } from '../../shared/names.js';
import type { ApiServices } from '../context.js';
import { errorResponses, instanceParams } from '../schemas.js';
import { invocationSummary, summarise } from './invoke.js';

const entryBody = z.object({
  id: z.string(),
  region: z.string(),
  service: z.string(),
  function: z.string(),
  version: z.number().nullable(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const entryFields = {
  region: z.string().min(1).max(64),
  service: serviceNameSchema,
  function: functionNameSchema,
  version: z
    .number()
    .int()
    .positive()
    .nullable()
    .optional()
    .describe('A fixed version; the latest when absent.'),
  description: z.string().max(256).optional(),
};
const entryParams = instanceParams.extend({ entry: z.string().max(64) });

/** The instance's IVR integration settings: the functions its flows may call. */
export function integrationRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['IVR integration'];
  const res = (accountId: string, instance: string) =>
    resourceNames.ccc(accountId, `instances/${instance}/integration/functions`);
  const base = '/v1/instances/:instance/integration/functions';

  r.get(base, {
    schema: {
      tags,
      summary: 'List function entries',
      params: instanceParams,
      response: { 200: z.object({ functions: z.array(entryBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:ListIntegrationFunctions',
        res(req.principal.accountId, req.params.instance),
      );
      return { functions: await s.cc.integrations.list(req.principal.accountId, req.params.instance) };
    },
  });
  r.post(base, {
    schema: {
      tags,
      summary: 'Add a function entry (after the instance was granted access to functions)',
      params: instanceParams,
      body: z.strictObject(entryFields),
      response: { 201: entryBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:CreateIntegrationFunction',
        res(req.principal.accountId, req.params.instance),
      );
      return reply
        .status(201)
        .send(await s.cc.integrations.add(req.principal.accountId, req.params.instance, req.body));
    },
  });
  r.patch(`${base}/:entry`, {
    schema: {
      tags,
      summary: 'Edit a function entry',
      params: entryParams,
      body: z.strictObject({
        region: entryFields.region.optional(),
        service: entryFields.service.optional(),
        function: entryFields.function.optional(),
        version: entryFields.version,
        description: entryFields.description,
      }),
      response: { 200: entryBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:UpdateIntegrationFunction',
        res(req.principal.accountId, req.params.instance),
      );
      return s.cc.integrations.update(
        req.principal.accountId,
        req.params.instance,
        req.params.entry,
        req.body,
      );
    },
  });
  r.delete(`${base}/:entry`, {
    schema: {
      tags,
      summary: 'Remove a function entry',
      params: entryParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:DeleteIntegrationFunction',
        res(req.principal.accountId, req.params.instance),
      );
      await s.cc.integrations.remove(req.principal.accountId, req.params.instance, req.params.entry);
      return reply.status(204).send(null);
    },
  });
  r.post(`${base}/:entry/test`, {
    schema: {
      tags,
      summary:
        "Test an entry: call its function with parameters; answers the function's result or the exact error",
      params: entryParams,
      body: z.strictObject({
        parameters: z.record(z.string().min(1).max(64), z.string().max(4096)).default({}),
      }),
      response: {
        200: z.object({
          ok: z.boolean(),
          error: z.object({ code: z.string(), message: z.string() }).optional(),
          invocation: invocationSummary.optional(),
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:TestIntegrationFunction',
        res(req.principal.accountId, req.params.instance),
      );
      const out = await s.cc.integrations.test(
        req.principal.accountId,
        req.params.instance,
        req.params.entry,
        req.body.parameters,
      );
      return out.ok ? { ok: true, invocation: summarise(out.invocation) } : { ok: false, error: out.error };
    },
  });
}
