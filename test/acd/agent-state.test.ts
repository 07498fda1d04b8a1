import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENT_STATES, assertTransition, canTransition } from '../../src/acd/agent-state.js';
import { isHotlineError } from '../../src/shared/errors.js';
import { harness } from './harness.js';

const refused = (code: string, message: string | RegExp) => (err: unknown) => {
  assert.ok(isHotlineError(err, code), `expected ${code}, got ${String(err)}`);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  return true;
};

describe('agent state table', () => {
  it('allows the working day and nothing that skips a step', () => {
    assert.ok(canTransition('offline', 'ready'));
    assert.ok(canTransition('ready', 'ringing'));
    assert.ok(canTransition('ringing', 'busy'));
    assert.ok(canTransition('busy', 'afterCallWork'));
    assert.ok(canTransition('afterCallWork', 'ready'));
    assert.ok(canTransition('notReady', 'notReady'), 'a new not-ready reason');
    assert.ok(!canTransition('offline', 'busy'));
    assert.ok(!canTransition('busy', 'offline'), 'a call must end before logout');
    assert.ok(!canTransition('ready', 'ready'));
    assert.ok(!canTransition('notReady', 'ringing'), 'only ready agents are offered calls');
  });

  it('names the agent and both states when it refuses', () => {
    assert.throws(
      () => assertTransition('1001', 'offline', 'busy'),
      refused('AcdInvalidTransition', 'agent 1001 cannot go from offline to busy'),
    );
  });

  it('lets every state be left somehow', () => {
    for (const state of AGENT_STATES)
      assert.ok(
        AGENT_STATES.some((to) => canTransition(state, to)),
        state,
      );
  });
});

describe('agent state through the ACD', () => {
  it('logs in ready or not ready and logs out', async () => {
    const h = harness();
    const ready = await h.acd.login({
      agentId: '1001',
      skills: [{ groupId: 'beijing', level: 5 }],
      state: 'ready',
    });
    assert.equal(ready.state, 'ready');
    assert.equal(ready.idleSince, h.clock.now());
    const away = await h.acd.login({ agentId: '1002', skills: [], reason: 'training' });
    assert.deepEqual([away.state, away.reason], ['notReady', 'training']);
    assert.equal((await h.acd.logout('1001')).state, 'offline');
    assert.equal((await h.acd.login({ agentId: '1001', skills: [] })).state, 'notReady', 'logs in again');
  });

  it('changes the not-ready reason', async () => {
    const h = harness();
    await h.acd.login({ agentId: '1001', skills: [], reason: 'meeting' });
    const view = await h.acd.setNotReady('1001', 'lunch');
    assert.deepEqual([view.state, view.reason], ['notReady', 'lunch']);
  });

  it('refuses changes the table does not allow', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    await assert.rejects(
      h.acd.setReady('1001'),
      refused('AcdInvalidTransition', 'agent 1001 cannot go from ready to ready'),
    );
    await assert.rejects(
      h.acd.callEnded('1001'),
      refused('AcdInvalidTransition', 'agent 1001 cannot go from ready to afterCallWork'),
    );
    await assert.rejects(
      h.acd.login({ agentId: '1001', skills: [] }),
      refused('AcdInvalidTransition', 'agent 1001 is already logged in (ready)'),
    );
    await assert.rejects(
      h.acd.finishAfterCallWork('1001'),
      refused('AcdInvalidTransition', 'agent 1001 is not in afterCallWork (it is ready)'),
    );
  });

  it('refuses to log out or go ready during a call', async () => {
    const h = harness();
    await h.ready('1001', { beijing: 5 });
    const queued = h.enqueue({ id: 'c1' });
    await h.settle();
    await assert.rejects(
      h.acd.setReady('1001'),
      refused(
        'AcdInvalidTransition',
        'agent 1001 cannot go from ringing to ready: a call is being offered to it',
      ),
    );
    await h.answer('1001');
    assert.equal((await queued.result).outcome, 'answered');
    await assert.rejects(
      h.acd.logout('1001'),
      refused('AcdInvalidTransition', 'agent 1001 cannot go from busy to offline: its call must end first'),
    );
    await assert.rejects(
      h.acd.setNotReady('1001', 'break'),
      refused('AcdInvalidTransition', /busy to notReady/),
    );
  });

  it('rejects unknown agents and bad logins', async () => {
    const h = harness();
    await assert.rejects(
      h.acd.setReady('9999'),
      refused('AcdUnknownAgent', 'agent 9999 has never logged in'),
    );
    await assert.rejects(
      h.acd.login({ agentId: '1001', skills: [{ groupId: 'beijing', level: 11 }] }),
      refused('ValidationFailed', /^invalid agent login: skills\.0\.level: /),
    );
    await assert.rejects(
      h.acd.login({
        agentId: '1001',
        skills: [
          { groupId: 'beijing', level: 1 },
          { groupId: 'beijing', level: 2 },
        ],
      }),
      refused('ValidationFailed', /a skill group may appear only once per agent/),
    );
  });
});
