/**
 * Error codes of the IVR part (flow documents, validation, expressions, the engine). Problems found
 * in a flow are not thrown one by one: they are collected as FlowProblem values (validate/problem.ts)
 * and carried in the `details.problems` of IvrFlowInvalid.
 */
import { defineErrors } from '../shared/errors.js';

export const ivrErrors = defineErrors({
  IvrFlowSyntax: {
    status: 400,
    description: 'The flow text is not valid JSON or YAML; the message gives the line and column.',
  },
  IvrFlowInvalid: {
    status: 400,
    description:
      'The flow cannot be loaded; details.problems lists every problem with its module id and code.',
  },
  IvrFlowTooLarge: {
    status: 413,
    description: 'The flow text is larger than the limit for one flow document.',
  },
  IvrSubflowNotFound: {
    status: 404,
    description: 'A subflow module names a flow id that the flow loader does not know.',
  },
  IvrExpressionInvalid: {
    status: 400,
    description:
      'A setVariable expression cannot be parsed or evaluated; the message points at the position.',
  },
});
