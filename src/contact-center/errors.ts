import { defineErrors } from '../shared/errors.js';

export const contactCenterErrors = defineErrors({
  InstanceNotFound: {
    status: 404,
    description: "No contact-center instance of that name, e.g. `instance 'hotline-demo' does not exist`.",
  },
  SkillGroupNotFound: { status: 404, description: 'No skill group of that name in the instance.' },
  AgentNotFound: { status: 404, description: 'No agent with that login name in the instance.' },
  PhoneNumberNotFound: { status: 404, description: 'The number does not belong to the instance.' },
  PromptNotFound: { status: 404, description: 'No prompt of that name in the instance.' },
  IntegrationEntryNotFound: {
    status: 404,
    description: 'No IVR integration function entry with that id in the instance.',
  },
  FunctionAccessNotGranted: {
    status: 409,
    description: 'The instance may not invoke functions yet: grant it access (the authorization step) first.',
  },
  TransferRefused: {
    status: 409,
    description:
      "An agent's blind transfer cannot be made: the target agent is not ready, the number is not in the instance's outbound allow-list, or no outbound trunk is configured. The call stays with the agent.",
  },
  InvalidAudio: {
    status: 400,
    description: 'The uploaded prompt is not a WAV file Hotline can read; the message says why.',
  },
});
