import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import type { ApiServices } from '../context.js';
import { displayNameSchema, errorResponses, instanceParams } from '../schemas.js';

const skill = z.object({ skillGroup: displayNameSchema, level: z.number().int().min(1).max(10) });
const agentBody = z.object({
  id: z.string(),
  loginName: z.string(),
  displayName: z.string(),
  extension: z.string(),
  skills: z.array(skill),
  sipUsername: z.string().nullable(),
  hasPassword: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const loginName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, {
  message: 'a login name holds letters, digits, . _ @ - (at most 64)',
});
const extension = z.string().regex(/^[0-9]{2,10}$/, { message: 'an extension is 2 to 10 digits' });
const credentials = {
  password: z
    .string()
    .min(8, { message: 'a password has at least 8 characters' })
    .max(128)
    .optional()
    .describe("For the agent's SIP phone (digest) and the workbench sign-in; kept only as hashes."),
  sipUsername: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
      message: 'a SIP user name holds letters, digits, . _ - (at most 64)',
    })
    .optional()
    .describe('The user name the phone registers with, unique on this server (default: the login name).'),
};
const agentParams = instanceParams.extend({ agent: loginName });

export function agentRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contact center'];
  const res = (accountId: string, instance: string, agent = '*') =>
    resourceNames.ccc(accountId, `instances/${instance}/agents/${agent}`);
  const base = '/v1/instances/:instance/agents';

  r.get(base, {
    schema: {
      tags,
      summary: 'List agents',
      params: instanceParams,
      response: { 200: z.object({ agents: z.array(agentBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:ListAgents', res(req.principal.accountId, req.params.instance));
      return { agents: await s.cc.agents.list(req.principal.accountId, req.params.instance) };
    },
  });
  r.post(base, {
    schema: {
      tags,
      summary: 'Create an agent',
      params: instanceParams,
      body: z.strictObject({
        loginName,
        displayName: z.string().min(1).max(64).optional(),
        extension,
        skills: z
          .array(skill)
          .max(50)
          .optional()
          .describe('Skill groups with a level 1–10 (higher is better).'),
        ...credentials,
      }),
      response: { 201: agentBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:CreateAgent',
        res(req.principal.accountId, req.params.instance, req.body.loginName),
      );
      return reply
        .status(201)
        .send(await s.cc.agents.create(req.principal.accountId, req.params.instance, req.body));
    },
  });
  r.get(`${base}/:agent`, {
    schema: {
      tags,
      summary: 'Get an agent',
      params: agentParams,
      response: { 200: agentBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:GetAgent',
        res(req.principal.accountId, req.params.instance, req.params.agent),
      );
      return s.cc.agents.get(req.principal.accountId, req.params.instance, req.params.agent);
    },
  });
  r.patch(`${base}/:agent`, {
    schema: {
      tags,
      summary: 'Update an agent (skills given replace all skills)',
      params: agentParams,
      body: z.strictObject({
        displayName: z.string().min(1).max(64).optional(),
        extension: extension.optional(),
        skills: z.array(skill).max(50).optional(),
        ...credentials,
      }),
      response: { 200: agentBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:UpdateAgent',
        res(req.principal.accountId, req.params.instance, req.params.agent),
      );
      return s.cc.agents.update(req.principal.accountId, req.params.instance, req.params.agent, req.body);
    },
  });
  r.delete(`${base}/:agent`, {
    schema: {
      tags,
      summary: 'Delete an agent',
      params: agentParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:DeleteAgent',
        res(req.principal.accountId, req.params.instance, req.params.agent),
      );
      await s.cc.agents.delete(req.principal.accountId, req.params.instance, req.params.agent);
      return reply.status(204).send(null);
    },
  });
}
