import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHotline, type TestHotline } from '../helpers/hotline.js';

interface CallView {
  status: 'running' | 'ended';
  trace: {
    current?: { moduleId: string };
    steps: { moduleId: string; exit?: string }[];
    outcome?: { kind: string; by?: string };
  } | null;
  variables: Record<string, string> | null;
  outcome: { kind: string; by?: string } | null;
}

const inst = '/v1/instances/rt';

/** A caller who presses digits on a flow that waits for them, in real time. */
const flow = {
  name: 'ask',
  variables: [{ name: 'choice' }],
  modules: [
    { id: 'start', type: 'start', exits: { next: 'ask' } },
    {
      id: 'ask',
      type: 'collect',
      config: {
        prompt: { kind: 'tts', text: '请输入', language: 'zh-CN' },
        variable: 'choice',
        maxDigits: 4,
        timeoutSec: 60,
        retries: 0,
      },
      exits: { success: 'bye', timeout: 'bye', invalid: 'bye' },
    },
    { id: 'bye', type: 'hangup' },
  ],
};

describe('a real-time simulated call', () => {
  let h: TestHotline;
  before(async () => {
    h = await startTestHotline();
    await h.request('POST', '/v1/instances', { name: 'rt' });
    const created = await h.request('POST', `${inst}/flows`, { name: 'ask', definition: flow });
    assert.equal(created.status, 201, created.text);
  });
  after(async () => {
    await h.close();
  });

  /** Reads the call until it is in the wanted state (the state comes from the call, not from time). */
  async function waitFor(callId: string, done: (c: CallView) => boolean): Promise<CallView> {
    for (let i = 0; i < 500; i++) {
      const view = (await h.request('GET', `${inst}/calls/${callId}`)).json as CallView;
      if (done(view)) return view;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`call ${callId} never reached the expected state`);
  }

  it('shows the trace while the call runs, takes the caller digits, and keeps the record', async () => {
    const started = await h.request('POST', `${inst}/calls/simulate`, {
      flow: 'ask',
      draft: true,
      ani: '13800138000',
      realTime: true,
    });
    assert.equal(started.status, 202, started.text);
    const { callId } = started.json as { callId: string };
    const waiting = await waitFor(callId, (c) => c.trace?.current?.moduleId === 'ask');
    assert.equal(waiting.status, 'running');
    assert.deepEqual(
      waiting.trace?.steps.map((s) => s.moduleId),
      ['start'],
    );

    assert.equal((await h.request('POST', `${inst}/calls/${callId}/caller`, { press: '42#' })).status, 204);
    const ended = await waitFor(callId, (c) => c.status === 'ended');
    assert.equal(ended.variables?.['choice'], '42');
    assert.deepEqual(
      ended.trace?.steps.map((s) => [s.moduleId, s.exit]),
      [
        ['start', 'next'],
        ['ask', 'success'],
        ['bye', undefined],
      ],
    );
  });

  it('ends cleanly when the caller hangs up while asked for digits', async () => {
    const started = await h.request('POST', `${inst}/calls/simulate`, {
      flow: 'ask',
      draft: true,
      ani: '13800138000',
      realTime: true,
    });
    const { callId } = started.json as { callId: string };
    await waitFor(callId, (c) => c.trace?.current?.moduleId === 'ask');
    assert.equal((await h.request('POST', `${inst}/calls/${callId}/caller`, { hangup: true })).status, 204);
    const ended = await waitFor(callId, (c) => c.status === 'ended');
    assert.deepEqual(ended.outcome, { kind: 'hangup', by: 'caller', moduleId: 'ask' });
    const again = await h.request('POST', `${inst}/calls/${callId}/caller`, { press: '1' });
    assert.equal(again.status, 404, 'an ended call has no caller to act as');
  });
});
