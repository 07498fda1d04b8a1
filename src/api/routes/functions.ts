import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { codeFilesFromInput, unzipCode } from '../../functions/code-package.js';
import { codeInputSchema, functionSettingsSchema, functionUpdateSchema } from '../../functions/settings.js';
import { functionNameSchema } from '../../shared/names.js';
import type { ApiServices } from '../context.js';
import { errorResponses, functionParams, serviceParams } from '../schemas.js';

const functionBody = z.object({
  region: z.string(),
  serviceName: z.string(),
  name: z.string(),
  description: z.string(),
  runtime: z.enum(['nodejs20', 'python3']),
  handler: z.string(),
  initializer: z.string().nullable(),
  timeoutSeconds: z.number(),
  memoryMb: z.number(),
  environmentVariables: z.record(z.string(), z.string()),
  version: z.number(),
  codeSha256: z.string(),
  codeSize: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const versionBody = functionBody.omit({ region: true, serviceName: true, name: true, updatedAt: true });

export function functionRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['functions'];
  const settings = functionSettingsSchema(s.config.functions);
  const update = functionUpdateSchema(s.config.functions);
  const maxCode = s.config.functions.maxCodeBytes;
  const fnResource = (accountId: string, p: { region: string; service: string; fn: string }) =>
    resourceNames.fcFunction(accountId, p.region, p.service, p.fn);

  r.get('/v1/regions/:region/services/:service/functions', {
    schema: {
      tags,
      summary: 'List functions',
      params: serviceParams,
      response: { 200: z.object({ functions: z.array(functionBody) }), ...errorResponses },
    },
    handler: async (req) => {
      const { region, service } = req.params;
      authorize(
        req.principal,
        'fc:ListFunctions',
        resourceNames.fcService(req.principal.accountId, region, service),
      );
      return { functions: await s.registry.listFunctions(req.principal.accountId, region, service) };
    },
  });

  r.post('/v1/regions/:region/services/:service/functions', {
    schema: {
      tags,
      summary: 'Create a function (version 1)',
      description: 'Code comes as `code.files` (path → text, or {base64}) or `code.zipBase64`.',
      params: serviceParams,
      body: settings.extend({ name: functionNameSchema, code: codeInputSchema }),
      response: { 201: functionBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { region, service } = req.params;
      const { name, code, ...rest } = req.body;
      authorize(
        req.principal,
        'fc:CreateFunction',
        fnResource(req.principal.accountId, { region, service, fn: name }),
      );
      const files = codeFilesFromInput(code, maxCode);
      const created = await s.registry.createFunction(req.principal.accountId, region, service, {
        name,
        settings: rest,
        files,
      });
      return reply.status(201).send(created);
    },
  });

  r.get('/v1/regions/:region/services/:service/functions/:fn', {
    schema: {
      tags,
      summary: 'Get a function (latest version)',
      params: functionParams,
      response: { 200: functionBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:GetFunction', fnResource(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      return s.registry.getFunction(req.principal.accountId, region, service, fn);
    },
  });

  r.patch('/v1/regions/:region/services/:service/functions/:fn', {
    schema: {
      tags,
      summary: 'Update a function: settings and/or code; makes a new version',
      params: functionParams,
      body: update.extend({ code: codeInputSchema.optional() }),
      response: { 200: functionBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:UpdateFunction', fnResource(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      const { code, ...changes } = req.body;
      const files = code ? codeFilesFromInput(code, maxCode) : undefined;
      return s.registry.updateFunction(req.principal.accountId, region, service, fn, {
        settings: changes,
        files,
      });
    },
  });

  r.delete('/v1/regions/:region/services/:service/functions/:fn', {
    schema: {
      tags,
      summary: 'Delete a function with its versions, events and logs',
      params: functionParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'fc:DeleteFunction', fnResource(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      await s.registry.deleteFunction(req.principal.accountId, region, service, fn);
      await s.evictFunction(req.principal.accountId, service, fn);
      return reply.status(204).send(null);
    },
  });

  r.get('/v1/regions/:region/services/:service/functions/:fn/versions', {
    schema: {
      tags,
      summary: 'List versions (newest first)',
      params: functionParams,
      response: { 200: z.object({ versions: z.array(versionBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:ListVersions', fnResource(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      return { versions: await s.registry.listVersions(req.principal.accountId, region, service, fn) };
    },
  });

  r.get('/v1/regions/:region/services/:service/functions/:fn/code', {
    schema: {
      tags,
      summary: "Get a version's files",
      params: functionParams,
      querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
      response: {
        200: z.object({
          files: z.record(z.string(), z.union([z.string(), z.object({ base64: z.string() })])),
        }),
        ...errorResponses,
      },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:GetFunctionCode', fnResource(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      const files = await s.registry.getCode(req.principal.accountId, region, service, fn, req.query.version);
      const out: Record<string, string | { base64: string }> = {};
      for (const [path, bytes] of files) {
        const text = Buffer.from(bytes).toString('utf8');
        out[path] = Buffer.from(text, 'utf8').equals(Buffer.from(bytes))
          ? text
          : { base64: Buffer.from(bytes).toString('base64') };
      }
      return { files: out };
    },
  });

  // A zip archive as the raw body (Content-Type: application/zip), e.g. `curl --data-binary @code.zip`.
  app.register(async (zipScope) => {
    zipScope.addContentTypeParser(
      ['application/zip', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: maxCode },
      (_req, body, done) => done(null, body),
    );
    zipScope
      .withTypeProvider<ZodTypeProvider>()
      .put('/v1/regions/:region/services/:service/functions/:fn/code', {
        schema: {
          tags,
          summary: 'Upload new code as a zip archive; makes a new version',
          params: functionParams,
          response: { 200: functionBody, ...errorResponses },
        },
        handler: async (req) => {
          authorize(req.principal, 'fc:UpdateFunction', fnResource(req.principal.accountId, req.params));
          const { region, service, fn } = req.params;
          const files = unzipCode(req.body as Buffer, maxCode);
          return s.registry.updateFunction(req.principal.accountId, region, service, fn, {
            settings: {},
            files,
          });
        },
      });
  });
}
