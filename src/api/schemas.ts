import { z } from 'zod';
import { functionNameSchema, serviceNameSchema } from '../shared/names.js';

/** Path parameters shared by the function-service routes. */
export const regionParams = z.object({ region: z.string().min(1).max(64) });
export const serviceParams = regionParams.extend({ service: serviceNameSchema });
export const functionParams = serviceParams.extend({ fn: functionNameSchema });

export const errorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string(),
  })
  .describe('An error from the catalogue (docs/errors.md)');

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
};
