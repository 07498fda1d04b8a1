import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAuthentication, selectStreamProtocol } from './auth.js';
import { consoleStatic } from './console-static.js';
import type { ApiServices } from './context.js';
import { installErrorHandler } from './error-handler.js';
import { agentRoutes } from './routes/agents.js';
import { callRoutes } from './routes/calls.js';
import { flowRoutes } from './routes/flows.js';
import { functionRoutes } from './routes/functions.js';
import { instanceRoutes } from './routes/instances.js';
import { integrationRoutes } from './routes/integrations.js';
import { invokeRoutes } from './routes/invoke.js';
import { liveRoutes } from './routes/live.js';
import { logRoutes } from './routes/logs.js';
import { numberRoutes } from './routes/numbers.js';
import { promptRoutes } from './routes/prompts.js';
import { ramRoutes } from './routes/ram.js';
import { serviceRoutes } from './routes/services.js';
import { sessionRoutes } from './routes/sessions.js';
import { skillGroupRoutes } from './routes/skill-groups.js';
import { systemRoutes } from './routes/system.js';
import { testEventRoutes } from './routes/test-events.js';
import { workbenchRoutes } from './routes/workbench.js';

/** The HTTP API: the one door for the console, the CLI and scripts. */
export async function buildApi(services: ApiServices, logger: FastifyBaseLogger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: services.config.http.bodyLimitBytes,
    // Requests are not logged one by one; failures are (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Hotline API',
        version: '1',
        description:
          'Self-hosted contact center whose IVR flows call serverless functions. Authenticate with `Authorization: Bearer <token>`: an API key, or a session token from `POST /v1/sessions` (password sign-in).',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Before the routes: it wraps every route so that WebSocket upgrades reach only the ones that take them.
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024, handleProtocols: (offered) => selectStreamProtocol(offered) },
  });
  installAuthentication(app, services);
  systemRoutes(app, services);
  serviceRoutes(app, services);
  functionRoutes(app, services);
  invokeRoutes(app, services);
  testEventRoutes(app, services);
  logRoutes(app, services);
  ramRoutes(app, services);
  sessionRoutes(app, services);
  instanceRoutes(app, services);
  skillGroupRoutes(app, services);
  agentRoutes(app, services);
  numberRoutes(app, services);
  promptRoutes(app, services);
  integrationRoutes(app, services);
  flowRoutes(app, services);
  callRoutes(app, services);
  liveRoutes(app, services);
  workbenchRoutes(app, services);
  await app.register(consoleStatic);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500)
      request.log.warn({ url: request.url, status: reply.statusCode }, 'request failed');
  });
  return app;
}
