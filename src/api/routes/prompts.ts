import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import type { ApiServices } from '../context.js';
import { displayNameSchema, errorResponses, instanceParams } from '../schemas.js';

const promptBody = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['audio', 'tts']),
  text: z.string().nullable(),
  language: z.string().nullable(),
  durationMs: z.number().nullable(),
  sourceFormat: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const promptParams = instanceParams.extend({ prompt: displayNameSchema });

export function promptRoutes(app: FastifyInstance, s: ApiServices): void {
  const tags = ['contact center'];
  const res = (accountId: string, instance: string, p = '*') =>
    resourceNames.ccc(accountId, `instances/${instance}/prompts/${p}`);
  const base = '/v1/instances/:instance/prompts';
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(base, {
    schema: {
      tags,
      summary: 'List prompts',
      params: instanceParams,
      response: { 200: z.object({ prompts: z.array(promptBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:ListPrompts', res(req.principal.accountId, req.params.instance));
      return { prompts: await s.cc.prompts.list(req.principal.accountId, req.params.instance) };
    },
  });
  r.post(base, {
    schema: {
      tags,
      summary: 'Create a text prompt spoken by TTS',
      params: instanceParams,
      body: z.strictObject({
        name: displayNameSchema,
        text: z.string().min(1).max(2000),
        language: z.enum(['zh-CN', 'en-US', 'en-GB']).default('zh-CN'),
      }),
      response: { 201: promptBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:CreatePrompt',
        res(req.principal.accountId, req.params.instance, req.body.name),
      );
      return reply
        .status(201)
        .send(await s.cc.prompts.createTts(req.principal.accountId, req.params.instance, req.body));
    },
  });
  r.get(`${base}/:prompt`, {
    schema: {
      tags,
      summary: 'Get a prompt',
      params: promptParams,
      response: { 200: promptBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:GetPrompt',
        res(req.principal.accountId, req.params.instance, req.params.prompt),
      );
      return s.cc.prompts.get(req.principal.accountId, req.params.instance, req.params.prompt);
    },
  });
  r.get(`${base}/:prompt/audio`, {
    schema: { tags, summary: 'The normalised audio of a prompt (8 kHz mono WAV)', params: promptParams },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:GetPrompt',
        res(req.principal.accountId, req.params.instance, req.params.prompt),
      );
      const wav = await s.cc.prompts.audio(req.principal.accountId, req.params.instance, req.params.prompt);
      return reply.type('audio/wav').send(wav);
    },
  });
  r.delete(`${base}/:prompt`, {
    schema: {
      tags,
      summary: 'Delete a prompt',
      params: promptParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:DeletePrompt',
        res(req.principal.accountId, req.params.instance, req.params.prompt),
      );
      await s.cc.prompts.delete(req.principal.accountId, req.params.instance, req.params.prompt);
      return reply.status(204).send(null);
    },
  });

  // Upload: the WAV file is the raw body (Content-Type audio/wav), any common rate and channel count.
  app.register(async (upload) => {
    upload.addContentTypeParser(
      ['audio/wav', 'audio/x-wav', 'audio/wave', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: 64 * 1024 * 1024 },
      (_r, body, done) => done(null, body),
    );
    upload.withTypeProvider<ZodTypeProvider>().put(`${base}/:prompt/audio`, {
      schema: {
        tags,
        summary: 'Upload a WAV prompt; it is converted once to 8 kHz mono for telephony',
        params: promptParams,
        response: { 201: promptBody, ...errorResponses },
      },
      handler: async (req, reply) => {
        authorize(
          req.principal,
          'ccc:CreatePrompt',
          res(req.principal.accountId, req.params.instance, req.params.prompt),
        );
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return reply
          .status(201)
          .send(
            await s.cc.prompts.uploadAudio(
              req.principal.accountId,
              req.params.instance,
              req.params.prompt,
              body,
            ),
          );
      },
    });
  });
}
