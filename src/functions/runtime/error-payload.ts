/** Error payloads the server writes itself (timeouts, crashes, OOM), shaped like the runners'. */
import type { ErrorPayload } from './protocol.js';

export function errorPayload(errorType: string, errorMessage: string, stackTrace: string[] = []): Buffer {
  const payload: ErrorPayload = { errorMessage, errorType, stackTrace };
  return Buffer.from(JSON.stringify(payload));
}
