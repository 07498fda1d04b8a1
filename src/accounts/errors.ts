import { defineErrors } from '../shared/errors.js';

/** Errors of signing in with a password (console sessions). */
export const signInErrors = defineErrors({
  SignInFailed: {
    status: 401,
    description:
      'The account, user name or password is wrong (one answer for all three, so that names cannot be guessed); for the workbench, the instance, agent login name or password.',
  },
  SignInLockedOut: {
    status: 429,
    description:
      'Too many failed sign-ins from this address; Retry-After (and details.retryAfterSeconds) says when to try again.',
  },
});
