import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { commonErrors, HotlineError } from '../shared/errors.js';

/** Every error leaves the API as `{ code, message, details?, requestId }` with the catalogue's status. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HotlineError | Error, request, reply) => {
    let err: HotlineError;
    if (error instanceof HotlineError) err = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((v) => {
        const where = `${error.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`;
        return `${where}: ${v.message}`;
      });
      err = commonErrors.ValidationFailed(`invalid request: ${problems.join('; ')}`, {
        details: { problems },
      });
    } else if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      err = commonErrors.Internal('the server built a response that does not match its schema');
    } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      // Fastify's own 4xx errors: bad JSON, body too large, unsupported media type.
      const status = error.statusCode;
      const code = status === 413 ? 'PayloadTooLarge' : status === 404 ? 'NotFound' : 'ValidationFailed';
      err = new HotlineError(code, status, error.message);
    } else {
      request.log.error({ err: error }, 'unexpected error');
      err = commonErrors.Internal('internal error; the server log has the details');
    }
    if (err.status >= 500 && err.code !== 'Internal') request.log.warn({ err }, err.message);
    const retryAfter = err.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(err.status).send({ ...err.toJSON(), requestId: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      code: 'NotFound',
      message: `no route ${request.method} ${request.url}`,
      requestId: request.id,
    });
  });
}
