import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { type InvokeOutput, logTail } from '../../functions/invocations.js';
import { labelSchema } from '../../shared/names.js';
import type { ApiServices } from '../context.js';
import { errorResponses, functionParams } from '../schemas.js';

const versionQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('The version to run; the latest when absent.'),
});

/** The JSON summary of one invocation (test runs, the console, the CLI). */
export const invocationSummary = z.object({
  requestId: z.string(),
  version: z.number(),
  status: z.enum(['success', 'error']),
  result: z
    .string()
    .nullable()
    .describe('The returned bytes as UTF-8 text (`null` text when the handler returned nothing).'),
  resultBase64: z
    .string()
    .optional()
    .describe('Set instead of result when the returned bytes are not UTF-8.'),
  errorType: z
    .string()
    .optional()
    .describe('FunctionError, LoadError, InitializationError, Timeout, OutOfMemory or Crash.'),
  error: z
    .object({ errorMessage: z.string(), errorType: z.string(), stackTrace: z.array(z.string()) })
    .optional(),
  durationMs: z.number(),
  maxMemoryUsedMb: z.number().nullable(),
  coldStart: z.boolean(),
  log: z.string(),
  logTruncated: z.boolean(),
});

export function summarise(out: InvokeOutput): z.infer<typeof invocationSummary> {
  const r = out.result;
  const text = r.payload.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(r.payload);
  const base = {
    requestId: r.requestId,
    version: out.version,
    durationMs: r.durationMs,
    maxMemoryUsedMb: r.maxMemoryUsedMb ?? null,
    coldStart: r.coldStart,
    log: r.log,
    logTruncated: r.logTruncated,
  };
  if (r.error) {
    return { ...base, status: 'error', result: null, errorType: r.error, error: parseError(text) };
  }
  return isText
    ? { ...base, status: 'success', result: text }
    : { ...base, status: 'success', result: null, resultBase64: r.payload.toString('base64') };
}

function parseError(text: string): { errorMessage: string; errorType: string; stackTrace: string[] } {
  try {
    const v = JSON.parse(text) as { errorMessage?: unknown; errorType?: unknown; stackTrace?: unknown };
    return {
      errorMessage: String(v.errorMessage ?? ''),
      errorType: String(v.errorType ?? 'Error'),
      stackTrace: Array.isArray(v.stackTrace) ? v.stackTrace.map(String) : [],
    };
  } catch {
    return { errorMessage: text, errorType: 'Error', stackTrace: [] };
  }
}

/** Headers of the raw invoke route, in the hosted services' manner. */
function setInvocationHeaders(reply: FastifyReply, out: InvokeOutput): void {
  const r = out.result;
  void reply.header('x-hotline-request-id', r.requestId);
  void reply.header('x-hotline-version', String(out.version));
  void reply.header('x-hotline-duration-ms', r.durationMs.toFixed(3));
  void reply.header('x-hotline-cold-start', r.coldStart ? '1' : '0');
  if (r.maxMemoryUsedMb !== undefined)
    void reply.header('x-hotline-max-memory-used-mb', String(r.maxMemoryUsedMb));
  void reply.header('x-hotline-log-result', Buffer.from(logTail(r.log)).toString('base64'));
  if (r.error) void reply.header('x-hotline-error-type', r.error);
}

export function invokeRoutes(app: FastifyInstance, s: ApiServices): void {
  const tags = ['functions'];
  const fnResource = (accountId: string, p: { region: string; service: string; fn: string }) =>
    resourceNames.fcFunction(accountId, p.region, p.service, p.fn);

  // The event is the raw request body, whatever its content type.
  app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: s.config.functions.maxPayloadBytes },
      (_req, body, done) => done(null, body),
    );
    raw
      .withTypeProvider<ZodTypeProvider>()
      .post('/v1/regions/:region/services/:service/functions/:fn/invocations', {
        schema: {
          tags,
          summary: 'Invoke a function with the request body as its event',
          description:
            'The response body is what the handler returned. x-hotline-error-type is set when it did not return (FunctionError, LoadError, InitializationError, Timeout, OutOfMemory, Crash); x-hotline-log-result holds the last 4 KB of its log, base64.',
          params: functionParams,
          querystring: versionQuery,
        },
        handler: async (req, reply) => {
          authorize(req.principal, 'fc:InvokeFunction', fnResource(req.principal.accountId, req.params));
          const { region, service, fn } = req.params;
          const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const out = await s.invocations.invoke({
            accountId: req.principal.accountId,
            region,
            service,
            name: fn,
            version: req.query.version,
            payload,
            source: 'api',
          });
          setInvocationHeaders(reply, out);
          return reply.status(200).type('application/octet-stream').send(out.result.payload);
        },
      });
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/v1/regions/:region/services/:service/functions/:fn/test', {
    schema: {
      tags,
      summary: 'Run a function with an event (text) or a saved test event, and get a JSON summary',
      params: functionParams,
      querystring: versionQuery,
      body: z
        .strictObject({
          payload: z.string().optional().describe('The event as text; empty when absent.'),
          event: labelSchema.optional().describe('The name of a saved test event to use.'),
        })
        .optional(),
      response: { 200: invocationSummary, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'fc:InvokeFunction', fnResource(req.principal.accountId, req.params));
      const { region, service, fn } = req.params;
      const accountId = req.principal.accountId;
      let payload = req.body?.payload ?? '';
      if (req.body?.event)
        payload = (await s.testEvents.get(accountId, region, service, fn, req.body.event)).payload;
      const out = await s.invocations.invoke({
        accountId,
        region,
        service,
        name: fn,
        version: req.query.version,
        payload: Buffer.from(payload, 'utf8'),
        source: req.body?.event ? 'test-event' : 'api',
      });
      return summarise(out);
    },
  });
}
