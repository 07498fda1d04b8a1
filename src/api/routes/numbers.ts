import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import type { ApiServices } from '../context.js';
import { errorResponses, instanceParams } from '../schemas.js';

const numberBody = z.object({
  id: z.string(),
  number: z.string(),
  flow: z.string().nullable(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const phoneNumber = z
  .string()
  .regex(/^\+?[0-9]{3,20}$/, { message: 'a phone number is 3 to 20 digits, optionally after +' });
const flowName = z
  .string()
  .min(1)
  .max(64)
  .nullable()
  .optional()
  .describe('The flow calls to this number run.');

export function numberRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contact center'];
  const res = (accountId: string, instance: string, n = '*') =>
    resourceNames.ccc(accountId, `instances/${instance}/numbers/${n}`);
  const base = '/v1/instances/:instance/numbers';
  const params = instanceParams.extend({ number: phoneNumber });

  r.get(base, {
    schema: {
      tags,
      summary: 'List phone numbers',
      params: instanceParams,
      response: { 200: z.object({ numbers: z.array(numberBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ccc:ListPhoneNumbers', res(req.principal.accountId, req.params.instance));
      return { numbers: await s.cc.numbers.list(req.principal.accountId, req.params.instance) };
    },
  });
  r.post(base, {
    schema: {
      tags,
      summary: 'Add a phone number to the instance',
      params: instanceParams,
      body: z.strictObject({
        number: phoneNumber,
        flow: flowName,
        description: z.string().max(256).optional(),
      }),
      response: { 201: numberBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:CreatePhoneNumber',
        res(req.principal.accountId, req.params.instance, req.body.number),
      );
      return reply
        .status(201)
        .send(await s.cc.numbers.add(req.principal.accountId, req.params.instance, req.body));
    },
  });
  r.patch(`${base}/:number`, {
    schema: {
      tags,
      summary: 'Bind a number to a flow (null unbinds) or change its description',
      params,
      body: z.strictObject({ flow: flowName, description: z.string().max(256).optional() }),
      response: { 200: numberBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(
        req.principal,
        'ccc:UpdatePhoneNumber',
        res(req.principal.accountId, req.params.instance, req.params.number),
      );
      return s.cc.numbers.update(req.principal.accountId, req.params.instance, req.params.number, req.body);
    },
  });
  r.delete(`${base}/:number`, {
    schema: {
      tags,
      summary: 'Remove a phone number',
      params,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:DeletePhoneNumber',
        res(req.principal.accountId, req.params.instance, req.params.number),
      );
      await s.cc.numbers.remove(req.principal.accountId, req.params.instance, req.params.number);
      return reply.status(204).send(null);
    },
  });
}
