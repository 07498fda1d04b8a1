/**
 * The UDP transport through the stack on loopback: a datagram is one message; one beyond the
 * size limit is refused with 513, garbage is dropped, and the stack keeps answering.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSipStack, sipLimits } from '../../../src/telephony/sip/index.js';
import { UdpWireClient } from './wire-client.js';

describe('UDP transport', () => {
  test('an oversized datagram gets 513, garbage nothing, and OPTIONS still 200', async () => {
    const stack = createSipStack({
      transports: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
      limits: sipLimits({ maxMessageBytes: 2_000 }),
      forceRport: true,
    });
    await stack.start();
    const port = stack.addresses[0]!.port;
    const client = await UdpWireClient.open();
    try {
      const big = [
        'MESSAGE sip:ivr@127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bK-big`,
        'Max-Forwards: 70',
        'From: <sip:a@127.0.0.1>;tag=1',
        'To: <sip:ivr@127.0.0.1>',
        'Call-ID: big@test',
        'CSeq: 1 MESSAGE',
        'Content-Type: text/plain',
        'Content-Length: 5000',
        '',
        'x'.repeat(5_000),
      ].join('\r\n');
      const replies = await client.exchange(Buffer.from(big), port);
      assert.deepEqual(
        replies.map((r) => r.startLine),
        ['SIP/2.0 513 Message Too Large'],
      );
      assert.deepEqual(await client.exchange(Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a]), port), []);
      assert.equal(
        stack.stats().transactions.total,
        2,
        'the two probes wait out Timer J; the refused datagrams left none',
      );
    } finally {
      await client.close();
      await stack.close();
    }
  });
});
