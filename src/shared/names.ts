import { z } from 'zod';

/**
 * Names users give to things. Function-service names follow the hosted services' rules: letters,
 * digits, `_` and `-`, starting with a letter or `_`, at most 64 (services 128) characters.
 */
export const serviceNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,127}$/, {
  message: 'a service name starts with a letter or _, and holds only letters, digits, _ and - (at most 128)',
});

export const functionNameSchema = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/, {
  message:
    'a function name starts with a letter, _ or $, and holds only letters, digits, _, $ and - (at most 64)',
});

export const userNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, {
  message: 'a user name starts with a letter or digit and holds only letters, digits, . _ @ - (at most 64)',
});

export const accountNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, {
  message: 'an account name holds 2 to 63 lowercase letters, digits and -, not starting with -',
});

export const policyNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, {
  message: 'a policy name holds only letters, digits, _ and - (at most 128)',
});

/** A short printable label, e.g. a test event's name. */
export const labelSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((v) => !/[/]/.test(v) && ![...v].some((ch) => ch.charCodeAt(0) < 0x20), {
    message: 'a name may not hold control characters or /',
  });
