import type { Kysely } from 'kysely';
import { type IvrTestCaseInput, ivrTestCaseSchema } from '../ivr/simulation/test-cases.js';
import type { Clock } from '../shared/clock.js';
import { commonErrors } from '../shared/errors.js';
import type { Database } from '../store/schema.js';
import type { Flows } from './flows.js';
import type { Instances } from './instances.js';

export type FlowTestCases = ReturnType<typeof createFlowTestCases>;

/** Saved test cases of a flow: a simulated call and the outcome it must have. */
export function createFlowTestCases(deps: {
  db: Kysely<Database>;
  clock: Clock;
  instances: Instances;
  flows: Flows;
}) {
  const { db, clock, instances, flows } = deps;
  const now = () => new Date(clock.now()).toISOString();

  async function flowRow(accountId: string, instanceName: string, flowName: string) {
    const inst = await instances.find(accountId, instanceName);
    return flows.find(inst.id, flowName);
  }

  return {
    /** Creates or replaces the test case of that name. */
    async put(accountId: string, instanceName: string, flowName: string, input: IvrTestCaseInput) {
      const testCase = ivrTestCaseSchema.parse(input);
      const flow = await flowRow(accountId, instanceName, flowName);
      const at = now();
      const definition = JSON.stringify(input);
      const existing = await db
        .selectFrom('flow_test_cases')
        .select('name')
        .where('flow_id', '=', flow.id)
        .where('name', '=', testCase.name)
        .executeTakeFirst();
      if (existing) {
        await db
          .updateTable('flow_test_cases')
          .set({ definition, updated_at: at })
          .where('flow_id', '=', flow.id)
          .where('name', '=', testCase.name)
          .execute();
      } else {
        await db
          .insertInto('flow_test_cases')
          .values({
            flow_id: flow.id,
            name: testCase.name,
            account_id: accountId,
            definition,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      return input;
    },

    async list(accountId: string, instanceName: string, flowName: string): Promise<IvrTestCaseInput[]> {
      const flow = await flowRow(accountId, instanceName, flowName);
      const rows = await db
        .selectFrom('flow_test_cases')
        .select('definition')
        .where('flow_id', '=', flow.id)
        .orderBy('name')
        .execute();
      return rows.map((r) => JSON.parse(r.definition) as IvrTestCaseInput);
    },

    async delete(accountId: string, instanceName: string, flowName: string, name: string): Promise<void> {
      const flow = await flowRow(accountId, instanceName, flowName);
      const res = await db
        .deleteFrom('flow_test_cases')
        .where('flow_id', '=', flow.id)
        .where('name', '=', name)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw commonErrors.NotFound(`test case '${name}' does not exist`);
    },
  };
}
