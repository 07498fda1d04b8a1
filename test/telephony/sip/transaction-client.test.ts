/**
 * Client transactions (RFC 3261 §17.1) through the stack, in virtual time, against a raw peer:
 * the retransmission schedules of Timers A and E, the timeouts B and F, and the absorbing
 * Timers D and K.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildResponse, type SipRequest } from '../../../src/telephony/sip/index.js';
import { isRequest, PEER, STACK, virtualStack } from './virtual-stack.js';

const TARGET = `sip:agent@${PEER.address}:${PEER.port}`;
const FROM = '<sip:ivr@127.0.0.1>';

describe('INVITE client transaction (§17.1.1)', () => {
  test('over UDP, Timer A retransmits at T1 doubling; Timer B gives up at 64*T1 with 408', async () => {
    const { clock, stack, peer } = await virtualStack();
    const outcome = stack.invite(TARGET, { from: FROM });
    await clock.advance(40_000);
    const result = await outcome;
    assert.deepEqual(peer.times(isRequest('INVITE')), [0, 500, 1500, 3500, 7500, 15500, 31500]);
    assert.equal(result.status, 408);
    assert.equal(result.response, undefined);
    assert.deepEqual(stack.stats().transactions.total, 0);
    assert.equal(stack.stats().timers, 0);
    await stack.close();
  });

  test('over TCP, no retransmission; Timer B still fires', async () => {
    const { clock, stack, peer } = await virtualStack('tcp');
    const outcome = stack.invite(TARGET, { from: FROM });
    await clock.advance(40_000);
    assert.deepEqual(peer.times(isRequest('INVITE')), [0]);
    assert.equal((await outcome).status, 408);
    await stack.close();
  });

  test('a 1xx stops Timer A and Timer B; a non-2xx is ACKed with the same branch; Timer D absorbs retransmissions', async () => {
    const { clock, stack, peer } = await virtualStack();
    const provisional: number[] = [];
    const outcome = stack.invite(TARGET, { from: FROM, onProvisional: (r) => provisional.push(r.status) });
    await clock.advance(0);
    const invite = peer.requests('INVITE')[0]!;
    peer.send(buildResponse(invite, 180, 'Ringing', { toTag: 'callee' }), STACK);
    await clock.advance(60_000);
    assert.deepEqual(peer.times(isRequest('INVITE')), [0], 'no retransmission in Proceeding');
    assert.deepEqual(provisional, [180]);
    const busy = buildResponse(invite, 486, 'Busy Here', { toTag: 'callee' });
    peer.send(busy, STACK);
    await clock.advance(0);
    assert.equal((await outcome).status, 486);
    const ack = peer.requests('ACK')[0]!;
    assert.equal(ack.via[0]!.branch, invite.via[0]!.branch, 'same branch as the INVITE (§17.1.1.3)');
    assert.deepEqual(ack.cseq, { seq: invite.cseq.seq, method: 'ACK' });
    assert.equal(ack.to.tag, 'callee');
    peer.send(busy, STACK);
    await clock.advance(1000);
    assert.equal(peer.requests('ACK').length, 2, 'each retransmitted final response is ACKed again');
    assert.equal(stack.stats().transactions.inviteClient, 1, 'Completed, waiting for Timer D');
    await clock.advance(32_000);
    assert.equal(stack.stats().transactions.total, 0);
    await stack.close();
  });
});

describe('non-INVITE client transaction (§17.1.2)', () => {
  test('over UDP, Timer E doubles up to T2; Timer F gives up at 64*T1 with 408', async () => {
    const { clock, stack, peer } = await virtualStack();
    const outcome = stack.request('OPTIONS', TARGET, { from: FROM });
    await clock.advance(40_000);
    assert.deepEqual(
      peer.times(isRequest('OPTIONS')),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    assert.equal((await outcome).status, 408);
    assert.equal(stack.stats().timers, 0);
    await stack.close();
  });

  test('in Proceeding, Timer E retransmits every T2', async () => {
    const { clock, stack, peer } = await virtualStack();
    const outcome = stack.request('OPTIONS', TARGET, { from: FROM });
    await clock.advance(600);
    const request = peer.requests('OPTIONS')[0]!;
    peer.send(buildResponse(request, 100), STACK);
    await clock.advance(40_000);
    assert.deepEqual(
      peer.times(isRequest('OPTIONS')),
      [0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500],
    );
    assert.equal((await outcome).status, 408);
    await stack.close();
  });

  test('the final response resolves the request; Timer K (T4) absorbs its retransmissions', async () => {
    const { clock, stack, peer } = await virtualStack();
    const outcome = stack.request('OPTIONS', TARGET, { from: FROM });
    await clock.advance(0);
    const request: SipRequest = peer.requests('OPTIONS')[0]!;
    const ok = buildResponse(request, 200);
    peer.send(ok, STACK);
    const result = await outcome;
    assert.equal(result.status, 200);
    assert.equal(result.response?.cseq.method, 'OPTIONS');
    peer.send(ok, STACK);
    await clock.advance(4_999);
    assert.equal(stack.stats().transactions.nonInviteClient, 1);
    await clock.advance(1);
    assert.equal(stack.stats().transactions.total, 0);
    assert.deepEqual(peer.times(isRequest('OPTIONS')), [0]);
    await stack.close();
  });

  test('an unreachable next hop is a transport error, treated as 503 (§8.1.3.1)', async () => {
    const { stack } = await virtualStack();
    const result = await stack.request('OPTIONS', 'sip:nobody@127.0.0.9:5999', { from: FROM });
    assert.equal(result.status, 503);
    const sips = await stack.request('OPTIONS', 'sips:secure@127.0.0.2', { from: FROM });
    assert.equal(sips.status, 503, 'no TLS transport');
    await stack.close();
  });
});
