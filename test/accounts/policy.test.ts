import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluatePolicies,
  findBuiltInPolicy,
  matchesPattern,
  type PolicyDocument,
} from '../../src/accounts/policy.js';
import { authorize, type Principal } from '../../src/accounts/principal.js';
import { isHotlineError } from '../../src/shared/errors.js';

const fnArn = 'hrn:fc:cn-hangzhou:acc_1:services/demo-service/functions/get_number_region';

describe('policy evaluation', () => {
  it('denies by default', () => {
    assert.equal(evaluatePolicies([], 'fc:InvokeFunction', fnArn), 'implicitDeny');
  });

  it('allows by action and resource patterns', () => {
    const doc: PolicyDocument = {
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['fc:Invoke*'], Resource: ['hrn:fc:*:*:services/demo-service/*'] },
      ],
    };
    assert.equal(evaluatePolicies([doc], 'fc:InvokeFunction', fnArn), 'allow');
    assert.equal(evaluatePolicies([doc], 'fc:DeleteFunction', fnArn), 'implicitDeny');
    assert.equal(
      evaluatePolicies([doc], 'fc:InvokeFunction', 'hrn:fc:cn-hangzhou:acc_1:services/other/functions/x'),
      'implicitDeny',
    );
  });

  it('lets an explicit Deny win over any Allow', () => {
    const allowAll = findBuiltInPolicy('AdministratorAccess')!.document;
    const deny: PolicyDocument = {
      Version: '1',
      Statement: [{ Effect: 'Deny', Action: 'fc:DeleteFunction', Resource: '*' }],
    };
    assert.equal(evaluatePolicies([allowAll, deny], 'fc:DeleteFunction', fnArn), 'deny');
    assert.equal(evaluatePolicies([allowAll, deny], 'fc:InvokeFunction', fnArn), 'allow');
  });

  it('read-only built-ins allow reads only', () => {
    const ro = findBuiltInPolicy('FCReadOnlyAccess')!.document;
    assert.equal(evaluatePolicies([ro], 'fc:GetFunction', fnArn), 'allow');
    assert.equal(evaluatePolicies([ro], 'fc:ListFunctions', fnArn), 'allow');
    assert.equal(evaluatePolicies([ro], 'fc:InvokeFunction', fnArn), 'implicitDeny');
    const ccc = findBuiltInPolicy('CCCReadOnlyAccess')!.document;
    assert.equal(evaluatePolicies([ccc], 'fc:GetFunction', fnArn), 'implicitDeny');
  });

  it('matches actions without regard to case but resources exactly', () => {
    assert.ok(matchesPattern('FC:invoke*', 'fc:InvokeFunction', true));
    assert.ok(!matchesPattern('hrn:fc:*:*:services/Demo/*', 'hrn:fc:x:y:services/demo/functions/a', false));
    assert.ok(matchesPattern('a.b?', 'a.bc', false));
    assert.ok(!matchesPattern('a.b', 'axb', false), 'dots are literal');
  });

  it('authorize names the missing action', () => {
    const principal: Principal = {
      accountId: 'acc_1',
      userId: 'u',
      userName: 'dev',
      isOwner: false,
      isAdmin: false,
      policies: [findBuiltInPolicy('FCReadOnlyAccess')!.document],
    };
    assert.throws(
      () => authorize(principal, 'fc:InvokeFunction', fnArn),
      (err: unknown) =>
        isHotlineError(err, 'AccessDenied') &&
        err.message.includes('fc:InvokeFunction') &&
        err.status === 403,
    );
    assert.doesNotThrow(() => authorize(principal, 'fc:GetFunction', fnArn));
  });
});
