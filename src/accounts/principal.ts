import { commonErrors } from '../shared/errors.js';
import { evaluatePolicies, type PolicyDocument } from './policy.js';

/** Who is making a request: a user of one account, with the policies attached to it. */
export interface Principal {
  accountId: string;
  userId: string;
  userName: string;
  /** The account's owner holds every permission within the account. */
  isOwner: boolean;
  /** The system administrator may also manage accounts. */
  isAdmin: boolean;
  policies: readonly PolicyDocument[];
}

/** Throws AccessDenied naming the missing action unless the principal may act on the resource. */
export function authorize(principal: Principal, action: string, resource: string): void {
  if (principal.isOwner) return;
  const decision = evaluatePolicies(principal.policies, action, resource);
  if (decision === 'allow') return;
  const why = decision === 'deny' ? 'an explicit Deny in a policy refuses it' : 'no policy allows it';
  throw commonErrors.AccessDenied(
    `user '${principal.userName}' is not allowed to perform ${action} on ${resource} (${why})`,
    { details: { action, resource } },
  );
}

/** Resource names, in the hosted clouds' shape: hrn:<service>:<region>:<account>:<path>. */
export const resourceNames = {
  fcService: (accountId: string, region: string, service: string) =>
    `hrn:fc:${region}:${accountId}:services/${service}`,
  fcFunction: (accountId: string, region: string, service: string, fn: string) =>
    `hrn:fc:${region}:${accountId}:services/${service}/functions/${fn}`,
  fcAny: (accountId: string, region: string) => `hrn:fc:${region}:${accountId}:services/*`,
  ram: (accountId: string, path: string) => `hrn:ram::${accountId}:${path}`,
  ccc: (accountId: string, path: string) => `hrn:ccc::${accountId}:${path}`,
};
