import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { describeModules } from '../../ivr/describe.js';
import type { ApiServices } from '../context.js';
import { errorResponses, instanceParams } from '../schemas.js';

const flowName = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u, {
  message: 'a flow name holds letters, digits, space, _ . - (at most 64)',
});
const flowParams = instanceParams.extend({ flow: flowName });
const problem = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  moduleId: z.string().optional(),
  path: z
    .array(z.union([z.string(), z.number()]))
    .readonly()
    .optional(),
  message: z.string(),
});
const summary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  publishedVersion: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const flowBody = summary.extend({ draft: z.record(z.string(), z.unknown()), problems: z.array(problem) });
const versionBody = z.object({
  version: z.number(),
  note: z.string(),
  publishedBy: z.string(),
  createdAt: z.string(),
  current: z.boolean(),
});

export function flowRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['IVR flows'];
  const res = (accountId: string, instance: string, flow = '*') =>
    resourceNames.ccc(accountId, `instances/${instance}/flows/${flow}`);
  const base = '/v1/instances/:instance/flows';

  r.get('/v1/ivr/modules', {
    schema: {
      tags,
      summary:
        'The module types of IVR flows: config schema (JSON Schema), exits and help, in English and Chinese',
      description:
        'The designer builds its palette and property panels from this list, so it always matches the engine. ' +
        'Exits are fixed (`exits.fixed`), or come from the config by a rule (`exits.perItem`, `exits.followedBy`): ' +
        'one exit per item of the config list `perItem.list`, named by the item field `perItem.name`, then the ' +
        'exits of `followedBy` — the rule the engine itself applies.',
    },
    handler: async () => ({ modules: describeModules() }),
  });

  r.get(base, {
    schema: {
      tags,
      summary: 'List flows',
      params: instanceParams,
      response: { 200: z.object({ flows: z.array(summary) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:ListFlows', res(req.principal.accountId, req.params.instance));
      return { flows: await s.cc.flows.list(req.principal.accountId, req.params.instance) };
    },
  });

  r.post(base, {
    schema: {
      tags,
      summary: 'Create a flow (its draft starts as given, or as start → hang up)',
      params: instanceParams,
      body: z.strictObject({
        name: flowName,
        description: z.string().max(2000).optional(),
        definition: z.record(z.string(), z.unknown()).optional(),
      }),
      response: { 201: flowBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:CreateFlow',
        res(req.principal.accountId, req.params.instance, req.body.name),
      );
      return reply
        .status(201)
        .send(await s.cc.flows.create(req.principal.accountId, req.params.instance, req.body));
    },
  });

  r.get(`${base}/:flow`, {
    schema: {
      tags,
      summary: 'Get a flow: its draft and what the validator says about it',
      params: flowParams,
      response: { 200: flowBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:GetFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      return s.cc.flows.get(req.principal.accountId, req.params.instance, req.params.flow);
    },
  });

  r.put(`${base}/:flow/draft`, {
    schema: {
      tags,
      summary: 'Save the draft (a flow document); problems are reported, not refused',
      params: flowParams,
      body: z.record(z.string(), z.unknown()),
      response: { 200: flowBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:UpdateFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      return s.cc.flows.saveDraft(req.principal.accountId, req.params.instance, req.params.flow, req.body);
    },
  });

  // Import: the body is the flow as JSON or YAML text.
  app.register(async (text) => {
    text.addContentTypeParser(
      ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'],
      { parseAs: 'string' },
      (_r, body, done) => done(null, body),
    );
    text.withTypeProvider<ZodTypeProvider>().put(`${base}/:flow/draft/text`, {
      schema: {
        tags,
        summary: 'Import the draft from JSON or YAML text (Content-Type text/yaml or text/plain)',
        params: flowParams,
        querystring: z.object({ format: z.enum(['json', 'yaml']).optional() }),
        response: { 200: flowBody, ...errorResponses },
      },
      handler: async (req) => {
        authorize(
          req.principal,
          'ccc:UpdateFlow',
          res(req.principal.accountId, req.params.instance, req.params.flow),
        );
        return s.cc.flows.saveDraft(
          req.principal.accountId,
          req.params.instance,
          req.params.flow,
          String(req.body ?? ''),
          req.query.format,
        );
      },
    });
  });

  r.get(`${base}/:flow/export`, {
    schema: {
      tags,
      summary: 'Export the draft (or a published version) as JSON or YAML',
      params: flowParams,
      querystring: z.object({
        format: z.enum(['json', 'yaml']).default('json'),
        version: z.coerce.number().int().positive().optional(),
      }),
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:GetFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      const text = await s.cc.flows.exportText(
        req.principal.accountId,
        req.params.instance,
        req.params.flow,
        req.query.format,
        req.query.version,
      );
      return reply.type(req.query.format === 'json' ? 'application/json' : 'application/yaml').send(text);
    },
  });

  r.post(`${base}/:flow/validate`, {
    schema: {
      tags,
      summary: 'Validate the draft (or a given document) against the instance: every problem at once',
      params: flowParams,
      body: z.strictObject({ definition: z.record(z.string(), z.unknown()).optional() }).optional(),
      response: { 200: z.object({ ok: z.boolean(), problems: z.array(problem) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:GetFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      return s.cc.flows.validate(
        req.principal.accountId,
        req.params.instance,
        req.params.flow,
        req.body?.definition,
      );
    },
  });

  r.post(`${base}/:flow/publish`, {
    schema: {
      tags,
      summary:
        'Publish the draft as a new immutable version (refused with every problem when it is not valid)',
      params: flowParams,
      body: z.strictObject({ note: z.string().max(500).optional() }).optional(),
      response: { 201: versionBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:PublishFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      const v = await s.cc.flows.publish(
        req.principal.accountId,
        req.params.instance,
        req.params.flow,
        req.principal.userName,
        req.body?.note,
      );
      return reply.status(201).send(v);
    },
  });

  r.get(`${base}/:flow/versions`, {
    schema: {
      tags,
      summary: 'List published versions (newest first)',
      params: flowParams,
      response: { 200: z.object({ versions: z.array(versionBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:GetFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      return {
        versions: await s.cc.flows.versions(req.principal.accountId, req.params.instance, req.params.flow),
      };
    },
  });

  r.get(`${base}/:flow/versions/:version`, {
    schema: {
      tags,
      summary: 'A published version',
      params: flowParams.extend({ version: z.coerce.number().int().positive() }),
      response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:GetFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      return reply.send(
        await s.cc.flows.version(
          req.principal.accountId,
          req.params.instance,
          req.params.flow,
          req.params.version,
        ),
      );
    },
  });

  r.post(`${base}/:flow/rollback`, {
    schema: {
      tags,
      summary: 'Roll back: publish an earlier version again (as a new version) and make it the draft',
      params: flowParams,
      body: z.strictObject({ version: z.number().int().positive() }),
      response: { 201: versionBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:PublishFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      const v = await s.cc.flows.rollback(
        req.principal.accountId,
        req.params.instance,
        req.params.flow,
        req.body.version,
        req.principal.userName,
      );
      return reply.status(201).send(v);
    },
  });

  r.delete(`${base}/:flow`, {
    schema: {
      tags,
      summary: 'Delete a flow (not while a number runs it)',
      params: flowParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:DeleteFlow',
        res(req.principal.accountId, req.params.instance, req.params.flow),
      );
      await s.cc.flows.delete(req.principal.accountId, req.params.instance, req.params.flow);
      return reply.status(204).send(null);
    },
  });
}
