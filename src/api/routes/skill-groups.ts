import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import type { ApiServices } from '../context.js';
import { displayNameSchema, errorResponses, instanceParams } from '../schemas.js';

const groupBody = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  ringTimeoutSeconds: z.number(),
  afterCallWorkSeconds: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const groupFields = {
  description: z.string().max(256).optional(),
  ringTimeoutSeconds: z
    .number()
    .int()
    .min(5)
    .max(300)
    .optional()
    .describe('How long an agent rings before the next one is tried.'),
  afterCallWorkSeconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .optional()
    .describe('After-call work time before the agent is ready again.'),
};
const groupParams = instanceParams.extend({ group: displayNameSchema });

export function skillGroupRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contact center'];
  const res = (accountId: string, instance: string, group = '*') =>
    resourceNames.ccc(accountId, `instances/${instance}/skill-groups/${group}`);
  const base = '/v1/instances/:instance/skill-groups';

  r.get(base, {
    schema: {
      tags,
      summary: 'List skill groups',
      params: instanceParams,
      response: { 200: z.object({ skillGroups: z.array(groupBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:ListSkillGroups', res(req.principal.accountId, req.params.instance));
      return { skillGroups: await s.cc.skillGroups.list(req.principal.accountId, req.params.instance) };
    },
  });
  r.post(base, {
    schema: {
      tags,
      summary: 'Create a skill group',
      params: instanceParams,
      body: z.strictObject({ name: displayNameSchema, ...groupFields }),
      response: { 201: groupBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:CreateSkillGroup',
        res(req.principal.accountId, req.params.instance, req.body.name),
      );
      return reply
        .status(201)
        .send(await s.cc.skillGroups.create(req.principal.accountId, req.params.instance, req.body));
    },
  });
  r.get(`${base}/:group`, {
    schema: {
      tags,
      summary: 'Get a skill group',
      params: groupParams,
      response: { 200: groupBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:GetSkillGroup',
        res(req.principal.accountId, req.params.instance, req.params.group),
      );
      return s.cc.skillGroups.get(req.principal.accountId, req.params.instance, req.params.group);
    },
  });
  r.patch(`${base}/:group`, {
    schema: {
      tags,
      summary: 'Update a skill group',
      params: groupParams,
      body: z.strictObject(groupFields),
      response: { 200: groupBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:UpdateSkillGroup',
        res(req.principal.accountId, req.params.instance, req.params.group),
      );
      return s.cc.skillGroups.update(
        req.principal.accountId,
        req.params.instance,
        req.params.group,
        req.body,
      );
    },
  });
  r.delete(`${base}/:group`, {
    schema: {
      tags,
      summary: 'Delete a skill group',
      params: groupParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:DeleteSkillGroup',
        res(req.principal.accountId, req.params.instance, req.params.group),
      );
      await s.cc.skillGroups.delete(req.principal.accountId, req.params.instance, req.params.group);
      return reply.status(204).send(null);
    },
  });
}
