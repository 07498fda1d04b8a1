/** Errors of the function runtime itself (a function's own failures are results, not errors). */
import { defineErrors } from '../../shared/errors.js';

export const runtimeErrors = defineErrors({
  FunctionThrottled: {
    status: 429,
    description: 'The function has as many instances and queued invocations as allowed; retry later.',
  },
  FunctionRuntimeUnavailable: {
    status: 503,
    description:
      'Function instances cannot be started (sandbox or runtime missing, or the invoker is closed); the message says why.',
  },
});

export function invokerClosedError(): Error {
  return runtimeErrors.FunctionRuntimeUnavailable('the function invoker is closed');
}
