/**
 * The SIP stack against a real peer on loopback (sipp, Debian package sip-tester): sipp's UAC
 * calls a tiny UAS built on the stack over UDP and TCP; the stack calls sipp's UAS; CANCEL
 * both ways. Skipped when sipp is not installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSipStack, type SipStack, type TransportProtocol } from '../../../src/telephony/sip/index.js';
import { freePort, hasSipp, SCENARIOS, sipp } from './sipp-runner.js';
import { SDP_ANSWER, startTestUas, type TestUas } from './test-uas.js';

const workDir = mkdtempSync(join(tmpdir(), 'hotline-sip-stack-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

const CALLS = 50;

/** Waits (in real time, for real peers) until `check` holds; fails after a bound. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(check(), what);
}

describe('the stack with sipp on loopback', {
  skip: hasSipp ? false : 'sipp (sip-tester) is not installed',
}, () => {
  let uas: TestUas;
  before(async () => {
    uas = await startTestUas();
  });
  after(() => uas.close());

  for (const protocol of ['udp', 'tcp'] as const) {
    test(`sipp -sn uac places ${CALLS} calls over ${protocol.toUpperCase()}: answered 200, ACKed, hung up with BYE`, async () => {
      const before = { ...Object.fromEntries(uas.seen) };
      const transport = protocol === 'tcp' ? ['-t', 't1'] : [];
      const run = sipp(
        [
          '-sn',
          'uac',
          `127.0.0.1:${uas.port(protocol)}`,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freePort()),
          ...transport,
          '-m',
          String(CALLS),
          '-r',
          '50',
          '-l',
          '20',
        ],
        workDir,
      );
      assert.equal(await run.exit, 0, 'sipp reports failed calls');
      const delta = (name: string) => (uas.seen.get(name) ?? 0) - ((before[name] as number | undefined) ?? 0);
      assert.equal(delta('invite'), CALLS);
      assert.equal(delta('ack'), CALLS);
      assert.equal(delta('bye'), CALLS);
      assert.equal(delta('terminated:bye-received'), CALLS);
      assert.equal(uas.stack.stats().dialogs, 0);
      await eventually(
        () => uas.stack.stats().connections === 0,
        'TCP connections closed by sipp are forgotten',
      );
    });

    test(`sipp cancels before the answer over ${protocol.toUpperCase()}: 200 to CANCEL, 487 to INVITE`, async () => {
      const cancelsBefore = uas.seen.get('cancel') ?? 0;
      const transport = protocol === 'tcp' ? ['-t', 't1'] : [];
      const run = sipp(
        [
          '-sf',
          join(SCENARIOS, 'uac-cancel.xml'),
          `127.0.0.1:${uas.port(protocol)}`,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freePort()),
          ...transport,
          '-m',
          '10',
          '-r',
          '20',
        ],
        workDir,
      );
      assert.equal(await run.exit, 0, 'sipp saw no 200/487 for its CANCEL');
      assert.equal((uas.seen.get('cancel') ?? 0) - cancelsBefore, 10);
    });
  }

  for (const protocol of ['udp', 'tcp'] as const satisfies readonly TransportProtocol[]) {
    test(`the stack calls sipp -sn uas over ${protocol.toUpperCase()} and hangs up`, async () => {
      const port = await freePort();
      const calls = 10;
      const transport = protocol === 'tcp' ? ['-t', 't1'] : [];
      const run = sipp(
        ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(port), ...transport, '-m', String(calls)],
        workDir,
      );
      const stack: SipStack = createSipStack({ transports: [{ protocol, host: '127.0.0.1', port: 0 }] });
      await stack.start();
      try {
        await new Promise((resolve) => setTimeout(resolve, 300)); // sipp binds its port
        const param = protocol === 'tcp' ? ';transport=tcp' : '';
        for (let call = 0; call < calls; call++) {
          const ringing: number[] = [];
          const result = await stack.invite(`sip:service@127.0.0.1:${port}${param}`, {
            from: '"Hotline" <sip:ivr@127.0.0.1>',
            body: SDP_ANSWER,
            onProvisional: (r) => ringing.push(r.status),
          });
          assert.equal(result.status, 200);
          assert.deepEqual(ringing, [180]);
          assert.ok(result.dialog !== undefined);
          await result.dialog.terminate();
        }
        assert.equal(await run.exit, 0, 'sipp uas reports failed calls');
        assert.equal(stack.stats().dialogs, 0);
      } finally {
        run.kill();
        await stack.close();
      }
    });

    test(`the stack cancels a ringing call to sipp over ${protocol.toUpperCase()}`, async () => {
      const port = await freePort();
      const transport = protocol === 'tcp' ? ['-t', 't1'] : [];
      const run = sipp(
        [
          '-sf',
          join(SCENARIOS, 'uas-cancel.xml'),
          '-i',
          '127.0.0.1',
          '-p',
          String(port),
          ...transport,
          '-m',
          '1',
        ],
        workDir,
      );
      const stack = createSipStack({ transports: [{ protocol, host: '127.0.0.1', port: 0 }] });
      await stack.start();
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const controller = new AbortController();
        const param = protocol === 'tcp' ? ';transport=tcp' : '';
        const result = await stack.invite(
          `sip:agent@127.0.0.1:${port}${param}`,
          { from: '<sip:ivr@127.0.0.1>', body: SDP_ANSWER, onProvisional: () => controller.abort() },
          controller.signal,
        );
        assert.equal(result.status, 487);
        assert.equal(result.cancelled, true);
        assert.equal(await run.exit, 0, 'sipp saw no CANCEL or no ACK');
      } finally {
        run.kill();
        await stack.close();
      }
    });
  }
});
