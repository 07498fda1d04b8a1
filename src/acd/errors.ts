import { defineErrors } from '../shared/errors.js';

/** Error codes of the ACD (docs/errors.md must list them). */
export const acdErrors = defineErrors({
  AcdInvalidTransition: {
    status: 409,
    description: 'The agent cannot go from its current state to the requested one; the message names both.',
  },
  AcdUnknownAgent: {
    status: 404,
    description: 'The agent has never logged in to the ACD, so it has no state to change.',
  },
  AcdUnknownSkillGroup: {
    status: 404,
    description: 'A call was queued for a skill group that is not configured.',
  },
  AcdDuplicateCall: {
    status: 409,
    description: 'A call with the same id is already waiting or ringing in the ACD.',
  },
});
