import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, resourceNames } from '../../accounts/principal.js';
import { simulationRequestSchema } from '../../contact-center/simulation.js';
import type { ApiServices } from '../context.js';
import { errorResponses, instanceParams, objectResponses } from '../schemas.js';

const callParams = instanceParams.extend({ call: z.string().max(64) });

/** Calls: simulated ones now (calls without a phone), SIP calls with the telephony part. */
export function callRoutes(app: FastifyInstance, s: ApiServices): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calls'];
  const res = (accountId: string, instance: string) =>
    resourceNames.ccc(accountId, `instances/${instance}/calls`);

  r.post('/v1/instances/:instance/calls/simulate', {
    schema: {
      tags,
      summary:
        'Simulate a call: a number (its published flow) or a flow (draft or version), a caller who presses digits, agents who answer or not',
      description:
        'Runs the real engine with the real functions. Answers with the outcome (e.g. transferred to 北京客服组, answered by agent 1001), the variables, what the caller heard and pressed, and the trace of every step. With realTime, answers 202 with the call id at once; GET the call to watch its trace.',
      params: instanceParams,
      body: simulationRequestSchema,
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:SimulateCall', res(req.principal.accountId, req.params.instance));
      const out = await s.cc.simulations.simulate(req.principal.accountId, req.params.instance, req.body);
      return reply.status(out.status === 'running' ? 202 : 200).send(out);
    },
  });

  r.get('/v1/instances/:instance/calls', {
    schema: {
      tags,
      summary: 'List calls, newest first (running ones first)',
      params: instanceParams,
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).optional(),
        before: z.string().optional(),
      }),
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:ListCalls', res(req.principal.accountId, req.params.instance));
      return reply.send({
        calls: await s.cc.calls.list(req.principal.accountId, req.params.instance, req.query),
      });
    },
  });

  r.get('/v1/instances/:instance/calls.csv', {
    schema: {
      tags,
      summary: 'Call records as CSV',
      params: instanceParams,
      querystring: z.object({ since: z.string().optional(), until: z.string().optional() }),
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:ListCalls', res(req.principal.accountId, req.params.instance));
      const csv = await s.cc.calls.exportCsv(req.principal.accountId, req.params.instance, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="calls-${req.params.instance}.csv"`)
        .send(csv);
    },
  });

  r.get('/v1/instances/:instance/calls/:call', {
    schema: {
      tags,
      summary: 'A call with its trace (live while it runs)',
      params: callParams,
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:GetCall', res(req.principal.accountId, req.params.instance));
      return reply.send({
        ...(await s.cc.calls.get(req.principal.accountId, req.params.instance, req.params.call)),
      });
    },
  });

  r.get('/v1/instances/:instance/calls/:call/recordings/:recording', {
    schema: {
      tags,
      summary:
        "A call's recording as WAV: a voicemail (mono) or the conversation (stereo: caller left, agent right)",
      description:
        "Needs the permission to read the call (ccc:GetCall). The ids are those of the call record's `recordings`.",
      params: callParams.extend({ recording: z.string().max(64) }),
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:GetCall', res(req.principal.accountId, req.params.instance));
      const { call, recording } = req.params;
      const file = await s.cc.calls.recordingFile(
        req.principal.accountId,
        req.params.instance,
        call,
        recording,
      );
      const name = `${call}-${recording}.wav`.replace(/[^A-Za-z0-9_.-]/g, '_');
      return reply
        .type('audio/wav')
        .header('content-length', file.size)
        .header('content-disposition', `inline; filename="${name}"`)
        .header('cache-control', 'private, max-age=3600')
        .send(createReadStream(file.path));
    },
  });

  r.post('/v1/instances/:instance/calls/:call/caller', {
    schema: {
      tags,
      summary: 'Act as the caller of a running real-time simulated call: press digits, or hang up',
      params: callParams,
      body: z.union([
        z.strictObject({ press: z.string().regex(/^[0-9*#]{1,32}$/) }),
        z.strictObject({ hangup: z.literal(true) }),
      ]),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(req.principal, 'ccc:SimulateCall', res(req.principal.accountId, req.params.instance));
      await s.cc.simulations.act(req.principal.accountId, req.params.instance, req.params.call, req.body);
      return reply.status(204).send(null);
    },
  });

  const agentParams = instanceParams.extend({ agent: z.string().max(64) });
  r.get('/v1/instances/:instance/agents/:agent/state', {
    schema: {
      tags: ['contact center'],
      summary: "An agent's live state",
      params: agentParams,
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:GetAgent',
        resourceNames.ccc(
          req.principal.accountId,
          `instances/${req.params.instance}/agents/${req.params.agent}`,
        ),
      );
      return reply.send({
        ...(await s.cc.acds.agentState(req.principal.accountId, req.params.instance, req.params.agent)),
      });
    },
  });

  r.put('/v1/instances/:instance/agents/:agent/state', {
    schema: {
      tags: ['contact center'],
      summary: "Change an agent's state: ready, notReady (with a reason), offline, or finishAfterCallWork",
      params: agentParams,
      body: z.discriminatedUnion('state', [
        z.strictObject({ state: z.enum(['ready', 'offline']) }),
        z.strictObject({ state: z.literal('notReady'), reason: z.string().min(1).max(100).optional() }),
        z.strictObject({ state: z.literal('finishAfterCallWork') }),
      ]),
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:SetAgentState',
        resourceNames.ccc(
          req.principal.accountId,
          `instances/${req.params.instance}/agents/${req.params.agent}`,
        ),
      );
      return reply.send({
        ...(await s.cc.acds.setAgentState(
          req.principal.accountId,
          req.params.instance,
          req.params.agent,
          req.body,
        )),
      });
    },
  });

  const flowParams = instanceParams.extend({ flow: z.string().max(64) });
  r.get('/v1/instances/:instance/flows/:flow/test-cases', {
    schema: {
      tags: ['IVR flows'],
      summary: "A flow's saved test cases",
      params: flowParams,
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:GetFlow',
        resourceNames.ccc(
          req.principal.accountId,
          `instances/${req.params.instance}/flows/${req.params.flow}`,
        ),
      );
      return reply.send({
        testCases: await s.cc.testCases.list(req.principal.accountId, req.params.instance, req.params.flow),
      });
    },
  });

  r.post('/v1/instances/:instance/flows/:flow/test-cases', {
    schema: {
      tags: ['IVR flows'],
      summary:
        'Save a test case (a simulated call, how transfers end, and the expected outcome); replaces one of the same name',
      params: flowParams,
      body: z.record(z.string(), z.unknown()),
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:UpdateFlow',
        resourceNames.ccc(
          req.principal.accountId,
          `instances/${req.params.instance}/flows/${req.params.flow}`,
        ),
      );
      return reply
        .status(201)
        .send(
          await s.cc.testCases.put(
            req.principal.accountId,
            req.params.instance,
            req.params.flow,
            req.body as never,
          ),
        );
    },
  });

  r.delete('/v1/instances/:instance/flows/:flow/test-cases/:name', {
    schema: {
      tags: ['IVR flows'],
      summary: 'Delete a test case',
      params: flowParams.extend({ name: z.string().max(200) }),
      response: { 204: z.null(), ...errorResponses },
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:UpdateFlow',
        resourceNames.ccc(
          req.principal.accountId,
          `instances/${req.params.instance}/flows/${req.params.flow}`,
        ),
      );
      await s.cc.testCases.delete(
        req.principal.accountId,
        req.params.instance,
        req.params.flow,
        req.params.name,
      );
      return reply.status(204).send(null);
    },
  });

  r.post('/v1/instances/:instance/flows/:flow/test-cases/run', {
    schema: {
      tags: ['IVR flows'],
      summary: "Run all the flow's test cases against its draft (or its published version)",
      params: flowParams,
      body: z.strictObject({ draft: z.boolean().default(true) }).optional(),
      response: objectResponses,
    },
    handler: async (req, reply) => {
      authorize(
        req.principal,
        'ccc:SimulateCall',
        resourceNames.ccc(req.principal.accountId, `instances/${req.params.instance}/calls`),
      );
      const cases = await s.cc.testCases.list(req.principal.accountId, req.params.instance, req.params.flow);
      const reports = await s.cc.simulations.runTestCases(
        req.principal.accountId,
        req.params.instance,
        req.params.flow,
        cases,
        { draft: req.body?.draft ?? true },
      );
      return reply.send({
        passed: reports.filter((x) => x.passed).length,
        failed: reports.filter((x) => !x.passed).length,
        reports,
      });
    },
  });
}
