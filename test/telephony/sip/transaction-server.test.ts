/**
 * Server transactions (RFC 3261 §17.2) through the stack, in virtual time, driven by a raw
 * peer: 100 Trying at once, Timer G retransmissions until the ACK or Timer H, Timers I and J
 * absorbing retransmissions, and the transaction table emptied afterwards.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IncomingRequest } from '../../../src/telephony/sip/index.js';
import { isResponse, rawRequest, STACK, virtualStack } from './virtual-stack.js';

describe('INVITE server transaction (§17.2.1)', () => {
  test('100 Trying goes out at once, and again for a retransmitted INVITE in Proceeding', async () => {
    const { clock, stack, peer } = await virtualStack();
    stack.onRequest(() => undefined);
    peer.send(rawRequest(), STACK);
    await clock.advance(0);
    assert.deepEqual(peer.times(isResponse(100)), [0]);
    const trying = peer.responses(100)[0]!;
    assert.equal(trying.to.tag, undefined, 'no To tag on 100 (§8.2.6.2)');
    peer.send(rawRequest(), STACK);
    await clock.advance(200);
    assert.equal(peer.responses(100).length, 2);
    assert.equal(stack.stats().transactions.inviteServer, 1);
    await stack.close();
  });

  test('a failure response is retransmitted by Timer G until Timer H; the TU learns of no ACK', async () => {
    const { clock, stack, peer } = await virtualStack();
    let aborted: unknown;
    stack.onRequest((invite) => {
      invite.respond(486);
      if ('signal' in invite) invite.signal.addEventListener('abort', () => (aborted = invite.signal.reason));
    });
    peer.send(rawRequest(), STACK);
    await clock.advance(40_000);
    assert.deepEqual(
      peer.times(isResponse(486)),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    assert.equal(aborted, 'timeout');
    assert.equal(stack.stats().transactions.total, 0);
    assert.equal(stack.stats().timers, 0);
    await stack.close();
  });

  test('the ACK stops Timer G; Timer I absorbs ACK and INVITE retransmissions, then ends it', async () => {
    const { clock, stack, peer } = await virtualStack();
    stack.onRequest((invite) => invite.respond(486));
    peer.send(rawRequest(), STACK);
    await clock.advance(600);
    const busy = peer.responses(486)[0]!;
    peer.send(rawRequest({ method: 'ACK', toTag: busy.to.tag, contact: null }), STACK);
    await clock.advance(4_000);
    assert.deepEqual(peer.times(isResponse(486)), [0, 500]);
    peer.send(rawRequest({ method: 'ACK', toTag: busy.to.tag, contact: null }), STACK);
    await clock.advance(900);
    assert.equal(stack.stats().transactions.inviteServer, 1, 'Confirmed until Timer I (T4)');
    await clock.advance(200);
    assert.equal(stack.stats().transactions.total, 0);
    assert.equal(peer.responses(486).length, 2, 'nothing more sent');
    await stack.close();
  });

  test('over TCP: no retransmission of the failure response, and Timer I is zero', async () => {
    const { clock, stack, peer } = await virtualStack('tcp');
    stack.onRequest((invite) => invite.respond(603));
    peer.send(rawRequest({ protocol: 'tcp' }), STACK);
    await clock.advance(10_000);
    assert.deepEqual(peer.times(isResponse(603)), [0]);
    const decline = peer.responses(603)[0]!;
    peer.send(rawRequest({ method: 'ACK', protocol: 'tcp', toTag: decline.to.tag, contact: null }), STACK);
    await clock.advance(0);
    assert.equal(stack.stats().transactions.total, 0);
    await stack.close();
  });

  test('every response to one INVITE carries the same To tag (§8.2.6.2)', async () => {
    const { clock, stack, peer } = await virtualStack();
    stack.onRequest((invite) => {
      invite.respond(180);
      invite.respond(183);
      invite.respond(480);
    });
    peer.send(rawRequest(), STACK);
    await clock.advance(0);
    const tags = new Set(
      peer
        .responses()
        .filter((r) => r.status > 100)
        .map((r) => r.to.tag),
    );
    assert.equal(tags.size, 1);
    assert.ok([...tags][0] !== undefined);
    await stack.close();
  });
});

describe('non-INVITE server transaction (§17.2.2)', () => {
  test('retransmissions in Trying are absorbed, in Completed answered again; Timer J ends it', async () => {
    const { clock, stack, peer } = await virtualStack();
    let handle: IncomingRequest | undefined;
    stack.onRequest((request) => (handle = request));
    const message = rawRequest({ method: 'MESSAGE', branch: 'z9hG4bK-msg', contact: null });
    peer.send(message, STACK);
    await clock.advance(0);
    assert.equal(handle, undefined, 'MESSAGE is not allowed by default');
    assert.equal(peer.responses(405).length, 1);
    peer.clear();
    peer.send(message, STACK);
    await clock.advance(31_999);
    assert.equal(peer.responses(405).length, 1, 'answered again from Completed');
    assert.equal(stack.stats().transactions.nonInviteServer, 1);
    assert.equal(stack.stats().lingering, 1, 'Timer J waits in the shared queue');
    await clock.advance(1);
    assert.equal(stack.stats().transactions.total, 0);
    await stack.close();
  });

  test('a request the TU never answers gets 500 after 64*T1, so the transaction ends', async () => {
    const { clock, stack, peer } = await virtualStack(undefined, {
      allow: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'MESSAGE'],
    });
    stack.onRequest(() => undefined);
    peer.send(rawRequest({ method: 'MESSAGE', contact: null }), STACK);
    await clock.advance(31_999);
    assert.equal(peer.responses().length, 0);
    await clock.advance(1);
    assert.equal(peer.responses(500).length, 1);
    await clock.advance(32_000);
    assert.equal(stack.stats().transactions.total, 0);
    await stack.close();
  });
});
