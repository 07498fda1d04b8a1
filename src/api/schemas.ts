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

/** Contact-center names: instance names are like account names; others are free text without `/`. */
export const instanceNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  message: 'an instance name holds letters, digits, _ and - (at most 64)',
});

export const displayNameSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((v) => !v.includes('/') && ![...v].some((ch) => ch.charCodeAt(0) < 0x20) && v.trim() === v, {
    message: 'a name may not hold /, control characters, or leading/trailing spaces',
  });

export const instanceParams = z.object({ instance: instanceNameSchema });

/** A JSON object answer whose full schema lives with its producer (the IVR trace, ACD views). */
export const objectBody = z.record(z.string(), z.unknown());
export const objectResponses = { 200: objectBody, 201: objectBody, 202: objectBody, ...errorResponses };
