/** play, collect and menu, each inside a tiny flow run by the real engine. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitTaken, flow, tinyFlow } from './fixtures.js';
import { runCall } from './run-call.js';

const tts = (text: string) => ({ kind: 'tts', text });

describe('play module', () => {
  it('plays TTS text with ${variables} filled in, for its estimated length', async () => {
    const f = tinyFlow({ type: 'play', config: { prompt: tts('您的号码是${ANI}') } }, ['next']);
    const result = await runCall(f, { ani: '123', ttsMsPerChar: 100 });
    assert.equal(exitTaken(result.outcome), 'next');
    const play = result.events.find((e) => e.kind === 'play');
    assert.deepEqual(play, {
      kind: 'play',
      atMs: 0,
      prompt: { kind: 'tts', text: '您的号码是123', language: 'zh-CN', voice: undefined },
      durationMs: 800,
    });
  });

  it('plays a recorded prompt for its length', async () => {
    const f = tinyFlow({ type: 'play', config: { prompt: { kind: 'prompt', promptId: 'welcome' } } }, [
      'next',
    ]);
    const result = await runCall(f, { ani: '1', promptMs: { welcome: 4200 } });
    assert.equal(result.trace.steps[1]?.durationMs, 4200);
  });

  it('with barge-in, a digit stops the prompt and is kept for the next input', async () => {
    const f = flow({
      name: 'barge-in',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'p' } },
        {
          id: 'p',
          type: 'play',
          config: { prompt: tts('一段很长很长的欢迎词'), bargeIn: true },
          exits: { next: 'c' },
        },
        {
          id: 'c',
          type: 'collect',
          config: { prompt: tts('请输入'), variable: 'code', minDigits: 1, maxDigits: 1 },
          exits: { success: 'end' },
        },
        { id: 'end', type: 'hangup' },
      ],
    });
    const result = await runCall(f, { ani: '1', presses: [{ atMs: 700, digits: '7' }] });
    assert.equal(result.variables['code'], '7');
    assert.deepEqual(result.trace.steps[1]?.detail, { interruptedBy: '7' });
    assert.equal(result.trace.steps[1]?.durationMs, 700);
  });

  it('without barge-in, digits pressed during the prompt are dropped', async () => {
    const f = flow({
      name: 'no barge-in',
      modules: [
        { id: 'start', type: 'start', exits: { next: 'p' } },
        { id: 'p', type: 'play', config: { prompt: tts('不可打断的提示') }, exits: { next: 'c' } },
        {
          id: 'c',
          type: 'collect',
          config: { prompt: tts('请输入'), variable: 'code', retries: 0 },
          exits: { success: 'end', timeout: 'end' },
        },
        { id: 'end', type: 'hangup' },
      ],
    });
    const result = await runCall(f, { ani: '1', presses: [{ atMs: 100, digits: '7' }] });
    assert.equal(result.trace.steps[1]?.detail, undefined);
    assert.equal(result.trace.steps[2]?.exit, 'timeout');
  });
});

describe('collect module', () => {
  const collect = (config: Record<string, unknown>) =>
    tinyFlow({ type: 'collect', config: { prompt: tts('请输入卡号'), variable: 'card', ...config } }, [
      'success',
      'timeout',
      'invalid',
    ]);

  it('reads digits up to the terminator into the variable', async () => {
    const result = await runCall(collect({ minDigits: 4, maxDigits: 8 }), { ani: '1', answers: ['1234#'] });
    assert.equal(exitTaken(result.outcome), 'success');
    assert.equal(result.variables['card'], '1234');
    assert.deepEqual(result.trace.steps[1]?.changes, [{ name: 'card', before: '', after: '1234' }]);
  });

  it('stops at maxDigits without a terminator', async () => {
    const result = await runCall(collect({ maxDigits: 3 }), { ani: '1', answers: ['98765'] });
    assert.equal(result.variables['card'], '987');
  });

  it('accepts input that ends by the inter-digit timeout when it is long enough', async () => {
    const result = await runCall(collect({ minDigits: 2, maxDigits: 6, terminator: '' }), {
      ani: '1',
      answers: ['42'],
    });
    assert.equal(exitTaken(result.outcome), 'success');
    assert.equal(result.variables['card'], '42');
  });

  it('asks again after a timeout, then leaves by timeout', async () => {
    const result = await runCall(collect({ retries: 2, timeoutSec: 5 }), { ani: '1' });
    assert.equal(exitTaken(result.outcome), 'timeout');
    assert.deepEqual(result.trace.steps[1]?.detail, { digits: '', attempts: 3 });
    assert.equal(result.events.filter((e) => e.kind === 'play').length, 3);
  });

  it('asks again after a wrong length and accepts the second answer', async () => {
    const result = await runCall(collect({ minDigits: 4, maxDigits: 4, invalidPrompt: tts('位数不对') }), {
      ani: '1',
      answers: ['12#', '5678'],
    });
    assert.equal(exitTaken(result.outcome), 'success');
    assert.equal(result.variables['card'], '5678');
    const prompts = result.events.flatMap((e) =>
      e.kind === 'play' && e.prompt.kind === 'tts' ? [e.prompt.text] : [],
    );
    assert.deepEqual(prompts, ['请输入卡号', '位数不对', '请输入卡号']);
  });

  it('checks the digits against a pattern', async () => {
    const result = await runCall(collect({ pattern: '^1[3-9]\\d{9}$', retries: 0 }), {
      ani: '1',
      answers: ['12345678901'],
    });
    assert.equal(exitTaken(result.outcome), 'invalid');
    assert.equal(result.variables['card'], undefined);
  });
});

describe('menu module', () => {
  const menu = (config: Record<string, unknown> = {}) =>
    tinyFlow(
      {
        type: 'menu',
        config: {
          prompt: tts('查询请按1,人工请按0'),
          keys: [{ key: '1' }, { key: '0' }],
          variable: 'choice',
          ...config,
        },
      },
      ['1', '0', 'timeout', 'invalid'],
    );

  it('leaves by the exit of the key pressed', async () => {
    const result = await runCall(menu(), { ani: '1', answers: ['0'] });
    assert.equal(exitTaken(result.outcome), '0');
    assert.equal(result.variables['choice'], '0');
  });

  it('asks again after a key not in the menu', async () => {
    const result = await runCall(menu(), { ani: '1', answers: ['9', '1'] });
    assert.equal(exitTaken(result.outcome), '1');
    assert.deepEqual(result.trace.steps[1]?.detail, { key: '1', attempts: 2 });
  });

  it('leaves by invalid after the retries are used up on wrong keys', async () => {
    const result = await runCall(menu({ retries: 1 }), { ani: '1', answers: ['9', '8'] });
    assert.equal(exitTaken(result.outcome), 'invalid');
  });

  it('leaves by timeout when nothing is pressed', async () => {
    const result = await runCall(menu({ retries: 0 }), { ani: '1' });
    assert.equal(exitTaken(result.outcome), 'timeout');
  });

  it('takes a key typed ahead during the prompt', async () => {
    const result = await runCall(menu(), { ani: '1', presses: [{ atMs: 300, digits: '1' }] });
    assert.equal(exitTaken(result.outcome), '1');
  });
});
