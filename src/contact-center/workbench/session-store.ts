/**
 * Where the workbench's sessions are kept between restarts: rows of `workbench_sessions`. The
 * sessions module keeps its working copy in memory (a page's every message checks its session)
 * and writes through here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { WorkbenchSession } from './sessions.js';

export interface StoredWorkbenchSession extends WorkbenchSession {
  secretHash: string;
}

export interface WorkbenchSessionStore {
  /** Sessions that have not expired at `now`; expired rows are deleted. */
  load(now: number): Promise<StoredWorkbenchSession[]>;
  /** Saves a new session and ends the agent's older ones, in one transaction. */
  replace(session: StoredWorkbenchSession): Promise<void>;
  remove(sessionId: string): Promise<void>;
}

export function databaseSessionStore(db: Kysely<Database>): WorkbenchSessionStore {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    async load(now) {
      await db.deleteFrom('workbench_sessions').where('expires_at', '<=', iso(now)).execute();
      const rows = await db.selectFrom('workbench_sessions').selectAll().execute();
      return rows.map((r) => ({
        id: r.id,
        accountId: r.account_id,
        instanceId: r.instance_id,
        instance: r.instance_name,
        agentId: r.agent_id,
        loginName: r.login_name,
        displayName: r.display_name,
        expiresAt: Date.parse(r.expires_at),
        secretHash: r.secret_hash,
      }));
    },
    async replace(s) {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('workbench_sessions').where('agent_id', '=', s.agentId).execute();
        await tx
          .insertInto('workbench_sessions')
          .values({
            id: s.id,
            account_id: s.accountId,
            instance_id: s.instanceId,
            agent_id: s.agentId,
            instance_name: s.instance,
            login_name: s.loginName,
            display_name: s.displayName,
            secret_hash: s.secretHash,
            created_at: new Date().toISOString(),
            expires_at: iso(s.expiresAt),
          })
          .execute();
      });
    },
    async remove(sessionId) {
      await db.deleteFrom('workbench_sessions').where('id', '=', sessionId).execute();
    },
  };
}
