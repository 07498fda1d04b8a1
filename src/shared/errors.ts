/**
 * One catalogue of error codes. Each part of Hotline declares its errors with defineErrors();
 * every code has an HTTP status and a one-line description that docs/errors.md must list
 * (a test checks this). Code never classifies an error by its message text: it looks at `code`.
 */
export interface ErrorDefinition {
  status: number;
  description: string;
}

export class HotlineError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    status: number,
    message: string,
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HotlineError';
    this.code = code;
    this.status = status;
    this.details = options?.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

const registry = new Map<string, ErrorDefinition>();

export type ErrorFactory = (
  message: string,
  options?: { details?: Record<string, unknown>; cause?: unknown },
) => HotlineError;

/** Declares a group of error codes; returns a factory per code. Codes must be unique across Hotline. */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  defs: T,
): { [K in keyof T]: ErrorFactory } {
  const factories = {} as { [K in keyof T]: ErrorFactory };
  for (const [code, def] of Object.entries(defs)) {
    const existing = registry.get(code);
    if (existing && existing !== def) throw new Error(`error code ${code} is defined twice`);
    registry.set(code, def);
    factories[code as keyof T] = (message, options) => new HotlineError(code, def.status, message, options);
  }
  return factories;
}

/** Every error code declared so far (for the docs-drift test and the OpenAPI document). */
export function errorCatalogue(): ReadonlyMap<string, ErrorDefinition> {
  return registry;
}

export function isHotlineError(err: unknown, code?: string): err is HotlineError {
  return err instanceof HotlineError && (code === undefined || err.code === code);
}

/** Errors shared by every part. */
export const commonErrors = defineErrors({
  ValidationFailed: {
    status: 400,
    description: 'The request or document does not match its schema; details list each problem.',
  },
  Unauthenticated: { status: 401, description: 'No API key or session token was given, or it is not valid.' },
  AccessDenied: { status: 403, description: 'The caller lacks the permission named in the message.' },
  NotFound: { status: 404, description: 'The resource does not exist (or belongs to another account).' },
  AlreadyExists: { status: 409, description: 'A resource with that name already exists.' },
  Conflict: { status: 409, description: 'The request conflicts with the current state of the resource.' },
  PayloadTooLarge: { status: 413, description: 'The request body is larger than the configured limit.' },
  Unavailable: {
    status: 503,
    description: 'A required part of the system is not available; the message says which.',
  },
  Internal: {
    status: 500,
    description: 'An unexpected error inside Hotline; the server log has the details.',
  },
});
