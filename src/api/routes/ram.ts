import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyDocumentSchema } from '../../accounts/policy.js';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { commonErrors } from '../../shared/errors.js';
import { accountNameSchema, policyNameSchema, userNameSchema } from '../../shared/names.js';
import type { ApiServices } from '../context.js';
import { errorResponses } from '../schemas.js';

const userBody = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  isOwner: z.boolean(),
  policies: z.array(z.string()),
  createdAt: z.string(),
});
const keyBody = z.object({
  id: z.string(),
  userName: z.string(),
  description: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
const policyBody = z.object({
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  document: policyDocumentSchema,
});
const accountBody = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
const userParams = z.object({ user: userNameSchema });

/** Users, API keys, policies (the account's access management) and, for the administrator, accounts. */
export function ramRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['access'];
  const ram = (accountId: string, path: string) => resourceNames.ram(accountId, path);

  r.get('/v1/whoami', {
    schema: {
      tags,
      summary: 'The caller: account, user and attached policies',
      response: { 200: z.object({ account: accountBody, user: userBody, isAdmin: z.boolean() }) },
    },
    handler: async (req) => {
      const p = req.principal;
      return {
        account: await s.accounts.getAccount(p.accountId),
        user: await s.accounts.getUser(p.accountId, p.userName),
        isAdmin: p.isAdmin,
      };
    },
  });

  r.get('/v1/users', {
    schema: {
      tags,
      summary: 'List users',
      response: { 200: z.object({ users: z.array(userBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ram:ListUsers', ram(req.principal.accountId, 'users/*'));
      return { users: await s.accounts.listUsers(req.principal.accountId) };
    },
  });

  r.post('/v1/users', {
    schema: {
      tags,
      summary: 'Create a sub-user',
      body: z.strictObject({
        name: userNameSchema,
        displayName: z.string().max(128).optional(),
        password: z.string().min(8).max(256).optional().describe('For signing in to the console.'),
        policies: z.array(policyNameSchema).max(20).optional(),
      }),
      response: { 201: userBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ram:CreateUser', ram(req.principal.accountId, `users/${req.body.name}`));
      return reply.status(201).send(await s.accounts.createUser(req.principal.accountId, req.body));
    },
  });

  r.get('/v1/users/:user', {
    schema: {
      tags,
      summary: 'Get a user',
      params: userParams,
      response: { 200: userBody, ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ram:GetUser', ram(req.principal.accountId, `users/${req.params.user}`));
      return s.accounts.getUser(req.principal.accountId, req.params.user);
    },
  });

  r.delete('/v1/users/:user', {
    schema: {
      tags,
      summary: 'Delete a user and its keys',
      params: userParams,
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ram:DeleteUser', ram(req.principal.accountId, `users/${req.params.user}`));
      await s.accounts.deleteUser(req.principal.accountId, req.params.user);
      return reply.status(204).send(null);
    },
  });

  r.put('/v1/users/:user/password', {
    schema: {
      tags,
      summary: "Set a user's console password",
      params: userParams,
      body: z.strictObject({ password: z.string().min(8).max(256) }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      if (req.principal.userName !== req.params.user) {
        authorize(req.principal, 'ram:UpdateUser', ram(req.principal.accountId, `users/${req.params.user}`));
      }
      await s.accounts.setPassword(req.principal.accountId, req.params.user, req.body.password);
      // The old password's sessions end (all but the one changing its own password).
      const { id } = await s.accounts.getUser(req.principal.accountId, req.params.user);
      const current = req.credential.kind === 'session' ? req.credential.sessionId : undefined;
      await s.sessions.endForUser(id, current);
      return reply.status(204).send(null);
    },
  });

  r.put('/v1/users/:user/policies/:policy', {
    schema: {
      tags,
      summary: 'Attach a policy to a user',
      params: userParams.extend({ policy: policyNameSchema }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ram:AttachPolicy', ram(req.principal.accountId, `users/${req.params.user}`));
      await s.accounts.attachPolicy(req.principal.accountId, req.params.user, req.params.policy);
      return reply.status(204).send(null);
    },
  });

  r.delete('/v1/users/:user/policies/:policy', {
    schema: {
      tags,
      summary: 'Detach a policy from a user',
      params: userParams.extend({ policy: policyNameSchema }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ram:DetachPolicy', ram(req.principal.accountId, `users/${req.params.user}`));
      await s.accounts.detachPolicy(req.principal.accountId, req.params.user, req.params.policy);
      return reply.status(204).send(null);
    },
  });

  r.get('/v1/api-keys', {
    schema: {
      tags,
      summary: "List the account's API keys (never their secrets)",
      response: { 200: z.object({ apiKeys: z.array(keyBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ram:ListApiKeys', ram(req.principal.accountId, 'keys/*'));
      return { apiKeys: await s.accounts.listApiKeys(req.principal.accountId) };
    },
  });

  r.post('/v1/api-keys', {
    schema: {
      tags,
      summary: 'Create an API key for a user; the token is shown only in this answer',
      body: z.strictObject({ userName: userNameSchema, description: z.string().max(256).optional() }),
      response: { 201: z.object({ id: z.string(), token: z.string() }), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ram:CreateApiKey',
        ram(req.principal.accountId, `users/${req.body.userName}`),
      );
      return reply
        .status(201)
        .send(
          await s.accounts.createApiKey(req.principal.accountId, req.body.userName, req.body.description),
        );
    },
  });

  r.delete('/v1/api-keys/:key', {
    schema: {
      tags,
      summary: 'Delete an API key',
      params: z.object({ key: z.string().max(80) }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ram:DeleteApiKey', ram(req.principal.accountId, 'keys/*'));
      await s.accounts.deleteApiKey(req.principal.accountId, req.params.key);
      return reply.status(204).send(null);
    },
  });

  r.get('/v1/policies', {
    schema: {
      tags,
      summary: 'List built-in and custom policies',
      response: { 200: z.object({ policies: z.array(policyBody) }), ...errorResponses },
    },
    handler: async (req) => {
      authorize(req.principal, 'ram:ListPolicies', ram(req.principal.accountId, 'policies/*'));
      return { policies: await s.accounts.listPolicies(req.principal.accountId) };
    },
  });

  r.post('/v1/policies', {
    schema: {
      tags,
      summary: 'Create a custom policy',
      description:
        'Statements allow or deny actions (e.g. fc:InvokeFunction, fc:*, ccc:Get*) on resources (hrn:fc:<region>:<account>:services/<service>/functions/<name>, wildcards allowed). Default is deny; an explicit Deny wins.',
      body: z.strictObject({
        name: policyNameSchema,
        description: z.string().max(256).optional(),
        document: policyDocumentSchema,
      }),
      response: { 201: policyBody, ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ram:CreatePolicy', ram(req.principal.accountId, `policies/${req.body.name}`));
      return reply.status(201).send(await s.accounts.createPolicy(req.principal.accountId, req.body));
    },
  });

  r.delete('/v1/policies/:policy', {
    schema: {
      tags,
      summary: 'Delete a custom policy',
      params: z.object({ policy: policyNameSchema }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ram:DeletePolicy',
        ram(req.principal.accountId, `policies/${req.params.policy}`),
      );
      await s.accounts.deletePolicy(req.principal.accountId, req.params.policy);
      return reply.status(204).send(null);
    },
  });

  r.get('/v1/accounts', {
    schema: {
      tags: ['accounts'],
      summary: 'List accounts (administrator only)',
      response: { 200: z.object({ accounts: z.array(accountBody) }), ...errorResponses },
    },
    handler: async (req) => {
      requireAdmin(req.principal.isAdmin);
      return { accounts: await s.accounts.listAccounts() };
    },
  });

  r.post('/v1/accounts', {
    schema: {
      tags: ['accounts'],
      summary:
        "Create an account with its owner; the owner's API key is shown only in this answer (administrator only)",
      body: z.strictObject({ name: accountNameSchema, ownerPassword: z.string().min(8).max(256).optional() }),
      response: {
        201: z.object({ account: accountBody, ownerKey: z.object({ id: z.string(), token: z.string() }) }),
        ...errorResponses,
      },
    },
    handler: async (req, reply) => {
      requireAdmin(req.principal.isAdmin);
      return reply.status(201).send(await s.accounts.createAccount(req.body.name, req.body.ownerPassword));
    },
  });
}

function requireAdmin(isAdmin: boolean): void {
  if (!isAdmin)
    throw commonErrors.AccessDenied('only the system administrator may manage accounts', {
      details: { action: 'system:ManageAccounts' },
    });
}
