import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { serviceNameSchema } from '../../shared/names.js';
import type { ApiServices } from '../context.js';
import { errorResponses, regionParams, serviceParams } from '../schemas.js';

const serviceBody = z.object({
  region: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function serviceRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['functions'];

  r.get('/v1/regions', {
    schema: {
      tags,
      summary: 'List regions',
      response: { 200: z.object({ regions: z.array(z.object({ id: z.string(), name: z.string() })) }) },
    },
    handler: async () => ({ regions: s.registry.listRegions() }),
  });

  r.get('/v1/regions/:region/services', {
    schema: {
      tags,
      summary: 'List services',
      params: regionParams,
      response: { 200: z.object({ services: z.array(serviceBody) }), ...errorResponses },
    },
    handler: async (req) => {
      const { region } = req.params;
      authorize(req.principal, 'fc:ListServices', resourceNames.fcAny(req.principal.accountId, region));
      return { services: await s.registry.listServices(req.principal.accountId, region) };
    },
  });

  r.post('/v1/regions/:region/services', {
    schema: {
      tags,
      summary: 'Create a service',
      params: regionParams,
      body: z.strictObject({ name: serviceNameSchema, description: z.string().max(256).optional() }),
      response: { 201: serviceBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      const { region } = req.params;
      authorize(
        req.principal,
        'fc:CreateService',
        resourceNames.fcService(req.principal.accountId, region, req.body.name),
      );
      const created = await s.registry.createService(req.principal.accountId, region, req.body);
      return reply.status(201).send(created);
    },
  });

  r.get('/v1/regions/:region/services/:service', {
    schema: {
      tags,
      summary: 'Get a service',
      params: serviceParams,
      response: { 200: serviceBody, ...errorResponses },
    },
    handler: async (req) => {
      const { region, service } = req.params;
      authorize(
        req.principal,
        'fc:GetService',
        resourceNames.fcService(req.principal.accountId, region, service),
      );
      return s.registry.getService(req.principal.accountId, region, service);
    },
  });

  r.patch('/v1/regions/:region/services/:service', {
    schema: {
      tags,
      summary: 'Update a service',
      params: serviceParams,
      body: z.strictObject({ description: z.string().max(256).optional() }),
      response: { 200: serviceBody, ...errorResponses },
    },
    handler: async (req) => {
      const { region, service } = req.params;
      authorize(
        req.principal,
        'fc:UpdateService',
        resourceNames.fcService(req.principal.accountId, region, service),
      );
      return s.registry.updateService(req.principal.accountId, region, service, req.body);
    },
  });

  r.delete('/v1/regions/:region/services/:service', {
    schema: {
      tags,
      summary: 'Delete an empty service',
      params: serviceParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      const { region, service } = req.params;
      authorize(
        req.principal,
        'fc:DeleteService',
        resourceNames.fcService(req.principal.accountId, region, service),
      );
      await s.registry.deleteService(req.principal.accountId, region, service);
      return reply.status(204).send(null);
    },
  });
}
