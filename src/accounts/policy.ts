import { z } from 'zod';

/**
 * Policies: JSON statements in the shape the hosted clouds use. Evaluation: default deny; any
 * matching Allow grants; any matching Deny refuses, whatever allows it.
 */
const patternList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const policyStatementSchema = z.strictObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: patternList,
  Resource: patternList.default('*'),
});

export const policyDocumentSchema = z.strictObject({
  Version: z.literal('1').default('1'),
  Statement: z.array(policyStatementSchema).min(1),
});

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyStatement = z.infer<typeof policyStatementSchema>;

export interface NamedPolicy {
  name: string;
  description: string;
  document: PolicyDocument;
  builtIn: boolean;
}

function builtIn(name: string, description: string, actions: string[]): NamedPolicy {
  return {
    name,
    description,
    builtIn: true,
    document: { Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] },
  };
}

export const builtInPolicies: readonly NamedPolicy[] = [
  builtIn('AdministratorAccess', 'Every action on every resource of the account.', ['*']),
  builtIn('FCFullAccess', 'Manage and invoke functions (the function service).', ['fc:*']),
  builtIn('FCReadOnlyAccess', 'Read functions, versions, test events and logs.', ['fc:Get*', 'fc:List*']),
  builtIn('FCInvokeAccess', 'Invoke functions.', ['fc:InvokeFunction']),
  builtIn('CCCFullAccess', 'Manage the contact center: instances, numbers, agents, flows, integrations.', [
    'ccc:*',
  ]),
  builtIn('CCCReadOnlyAccess', 'Read the contact center configuration, calls and records.', [
    'ccc:Get*',
    'ccc:List*',
  ]),
  builtIn('RAMFullAccess', 'Manage users, API keys and policies of the account.', ['ram:*']),
  builtIn('RAMReadOnlyAccess', 'Read users and policies of the account.', ['ram:Get*', 'ram:List*']),
];

export function findBuiltInPolicy(name: string): NamedPolicy | undefined {
  return builtInPolicies.find((p) => p.name === name);
}

const patternCache = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` one character; matching ignores case for actions. */
export function matchesPattern(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === '*') return true;
  const key = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = patternCache.get(key);
  if (!re) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(key, re);
  }
  return re.test(value);
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

export type Decision = 'allow' | 'deny' | 'implicitDeny';

/** Evaluates documents for one action on one resource. */
export function evaluatePolicies(
  documents: readonly PolicyDocument[],
  action: string,
  resource: string,
): Decision {
  let allowed = false;
  for (const doc of documents) {
    for (const st of doc.Statement) {
      const actionHit = list(st.Action).some((p) => matchesPattern(p, action, true));
      if (!actionHit) continue;
      const resourceHit = list(st.Resource).some((p) => matchesPattern(p, resource, false));
      if (!resourceHit) continue;
      if (st.Effect === 'Deny') return 'deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicitDeny';
}
