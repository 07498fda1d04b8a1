import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { OUTBOUND_PATTERN } from '../../contact-center/outbound-numbers.js';
import type { ApiServices } from '../context.js';
import { errorResponses, instanceNameSchema, instanceParams } from '../schemas.js';

const instanceBody = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  functionAccess: z.object({
    granted: z.boolean(),
    grantedAt: z.string().nullable(),
    grantedBy: z.string().nullable(),
  }),
  recordCalls: z.boolean(),
  outbound: z.object({ allow: z.array(z.string()), maxConcurrentCalls: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const settings = {
  description: z.string().max(256).optional(),
  recordCalls: z
    .boolean()
    .optional()
    .describe('Record bridged conversations: both parties in one stereo WAV (caller left, agent right).'),
  outbound: z
    .strictObject({
      allow: z
        .array(
          z.string().regex(OUTBOUND_PATTERN, {
            message:
              "a pattern is digits with an optional leading +, X for any digit and a final * (e.g. '010*')",
          }),
        )
        .max(200)
        .optional()
        .describe(
          'Numbers calls may be transferred to: digits, X = any digit, a final * = any further digits.',
        ),
      maxConcurrentCalls: z.number().int().min(0).max(10_000).optional(),
    })
    .optional(),
};

export function instanceRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contact center'];
  const res = (accountId: string, name: string) => resourceNames.ccc(accountId, `instances/${name}`);

  r.get('/v1/instances', {
    schema: {
      tags,
      summary: 'List contact-center instances',
      response: { 200: z.object({ instances: z.array(instanceBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:ListInstances', res(req.principal.accountId, '*'));
      return { instances: await s.cc.instances.list(req.principal.accountId) };
    },
  });

  r.post('/v1/instances', {
    schema: {
      tags,
      summary: 'Create an instance',
      body: z.strictObject({ name: instanceNameSchema, ...settings }),
      response: { 201: instanceBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:CreateInstance', res(req.principal.accountId, req.body.name));
      return reply.status(201).send(await s.cc.instances.create(req.principal.accountId, req.body));
    },
  });

  r.get('/v1/instances/:instance', {
    schema: {
      tags,
      summary: 'Get an instance',
      params: instanceParams,
      response: { 200: instanceBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:GetInstance', res(req.principal.accountId, req.params.instance));
      return s.cc.instances.get(req.principal.accountId, req.params.instance);
    },
  });

  r.patch('/v1/instances/:instance', {
    schema: {
      tags,
      summary: 'Update an instance',
      params: instanceParams,
      body: z.strictObject(settings),
      response: { 200: instanceBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:UpdateInstance', res(req.principal.accountId, req.params.instance));
      return s.cc.instances.update(req.principal.accountId, req.params.instance, req.body);
    },
  });

  r.delete('/v1/instances/:instance', {
    schema: {
      tags,
      summary: 'Delete an instance with everything in it',
      params: instanceParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:DeleteInstance', res(req.principal.accountId, req.params.instance));
      await s.cc.instances.delete(req.principal.accountId, req.params.instance);
      return reply.status(204).send(null);
    },
  });

  r.put('/v1/instances/:instance/function-access', {
    schema: {
      tags,
      summary:
        "Grant the instance access to the account's functions (the authorization step of IVR integration)",
      params: instanceParams,
      response: { 200: instanceBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:GrantFunctionAccess', res(req.principal.accountId, req.params.instance));
      return s.cc.instances.grantFunctionAccess(
        req.principal.accountId,
        req.params.instance,
        req.principal.userName,
      );
    },
  });

  r.delete('/v1/instances/:instance/function-access', {
    schema: {
      tags,
      summary: "Revoke the instance's access to functions",
      params: instanceParams,
      response: { 200: instanceBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:GrantFunctionAccess', res(req.principal.accountId, req.params.instance));
      return s.cc.instances.revokeFunctionAccess(req.principal.accountId, req.params.instance);
    },
  });
}
