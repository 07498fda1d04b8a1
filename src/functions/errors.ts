import { defineErrors } from '../shared/errors.js';

/** Errors of the function service. Messages name the thing exactly as the user typed it. */
export const functionErrors = defineErrors({
  RegionNotFound: {
    status: 404,
    description: "The region is not one of the configured regions, e.g. `region 'cn-xx' does not exist`.",
  },
  ServiceNotFound: {
    status: 404,
    description: "No service of that name in the region, e.g. `service 'demo_service' does not exist`.",
  },
  FunctionNotFound: {
    status: 404,
    description:
      "No function of that name in the service, e.g. `function 'x' does not exist in service 'demo-service'`.",
  },
  VersionNotFound: { status: 404, description: 'The function has no such version.' },
  TestEventNotFound: { status: 404, description: 'The function has no saved test event of that name.' },
  InvocationNotFound: {
    status: 404,
    description: 'No invocation with that request id is kept for the function.',
  },
  ServiceNotEmpty: { status: 409, description: 'A service that still holds functions cannot be deleted.' },
  InvalidCode: {
    status: 400,
    description: 'The function code is not acceptable: bad archive, bad path, too large, or empty.',
  },
  CodeBuildFailed: {
    status: 400,
    description: 'TypeScript code failed to compile; the message gives file and line.',
  },
  SandboxUnavailable: {
    status: 503,
    description:
      'Functions cannot run: bubblewrap is missing or not working, and unsandboxed mode was not chosen.',
  },
});
