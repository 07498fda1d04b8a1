/**
 * The UAS core (RFC 3261 §8.2, §9.2, §11, §12.2.2) and the server transport's Via handling
 * (§18.2.1, §18.2.2, RFC 3581), through the stack with a raw peer in virtual time.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headerValue, type IncomingInvite } from '../../../src/telephony/sip/index.js';
import { OFFER, PEER, rawRequest, STACK, virtualStack } from './virtual-stack.js';

async function answerTo(message: string, options: Parameters<typeof virtualStack>[1] = {}) {
  const setup = await virtualStack('udp', options);
  setup.stack.onRequest((request) => {
    if (request.method === 'INVITE') (request as IncomingInvite).accept();
    else request.respond(200);
  });
  setup.peer.send(message, STACK);
  await setup.clock.advance(0);
  const final = setup.peer.responses().find((r) => r.status >= 200);
  await setup.stack.close();
  return final;
}

describe('UAS core refusals (§8.2)', () => {
  test('an unknown method: 501 with Allow (§8.2.1)', async () => {
    const r = await answerTo(rawRequest({ method: 'FROB', contact: null }));
    assert.equal(r?.status, 501);
    assert.equal(headerValue(r!, 'Allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO');
  });

  test('a known method the TU does not handle: 405 with Allow', async () => {
    const r = await answerTo(rawRequest({ method: 'REGISTER', contact: null }));
    assert.equal(r?.status, 405);
    assert.ok(headerValue(r!, 'Allow')?.includes('INVITE'));
  });

  test('an unsupported Require: 420 listing it in Unsupported (§8.2.2.3)', async () => {
    const r = await answerTo(rawRequest({ extra: ['Require: 100rel, timer'] }), { supported: ['timer'] });
    assert.equal(r?.status, 420);
    assert.equal(headerValue(r!, 'Unsupported'), '100rel');
  });

  test('a body type not accepted: 415 with Accept (§8.2.3)', async () => {
    const r = await answerTo(
      rawRequest({ body: 'x', extra: [] }).replace(
        'Content-Type: application/sdp',
        'Content-Type: text/x-odd',
      ),
    );
    assert.equal(r?.status, 415);
    assert.equal(headerValue(r!, 'Accept'), 'application/sdp, application/dtmf-relay, application/dtmf');
  });

  test('Max-Forwards 0 outside a dialog: 483 by default, served with maxForwardsZero "process"', async () => {
    const zero = rawRequest({ method: 'OPTIONS', contact: null }).replace(
      'Max-Forwards: 70',
      'Max-Forwards: 0',
    );
    assert.equal((await answerTo(zero))?.status, 483);
    assert.equal((await answerTo(zero, { maxForwardsZero: 'process' }))?.status, 200);
  });

  test('OPTIONS is answered 200 with Allow, Accept and Supported (§11.2)', async () => {
    const r = await answerTo(rawRequest({ method: 'OPTIONS', contact: null }), { supported: ['replaces'] });
    assert.equal(r?.status, 200);
    assert.ok(headerValue(r!, 'Allow') !== undefined);
    assert.equal(headerValue(r!, 'Accept'), 'application/sdp, application/dtmf-relay, application/dtmf');
    assert.equal(headerValue(r!, 'Supported'), 'replaces');
  });

  test('a request with a To tag and no dialog: 481 (§12.2.2)', async () => {
    assert.equal((await answerTo(rawRequest({ method: 'BYE', toTag: 'gone', contact: null })))?.status, 481);
    assert.equal((await answerTo(rawRequest({ toTag: 'gone' })))?.status, 481);
  });

  test('an INVITE without Contact: 400', async () => {
    const r = await answerTo(rawRequest({ contact: null }));
    assert.equal(r?.status, 400);
    assert.equal(r?.reason, 'Missing Contact');
  });

  test('a handler that throws: 500', async () => {
    const setup = await virtualStack();
    setup.stack.onRequest(() => {
      throw new Error('bug in the TU');
    });
    setup.peer.send(rawRequest({ body: OFFER }), STACK);
    await setup.clock.advance(0);
    assert.equal(setup.peer.responses(500).length, 1);
    await setup.stack.close();
  });

  test('the same request by another path (other branch): 482 (§8.2.2.2)', async () => {
    const { clock, stack, peer } = await virtualStack();
    stack.onRequest(() => undefined);
    peer.send(rawRequest({ branch: 'z9hG4bK-path-1' }), STACK);
    peer.send(rawRequest({ branch: 'z9hG4bK-path-2' }), STACK);
    await clock.advance(0);
    const loop = peer.responses(482)[0];
    assert.equal(loop?.via[0]?.branch, 'z9hG4bK-path-2');
    await stack.close();
  });
});

describe('CANCEL (§9.2)', () => {
  test('200 to the CANCEL, 487 to the INVITE, the TU told; the ACK for the 487 is absorbed', async () => {
    const { clock, stack, peer } = await virtualStack();
    const events: string[] = [];
    stack.onRequest((request) => {
      const invite = request as IncomingInvite;
      invite.respond(180);
      invite.on('cancel', () => events.push('cancel event'));
      invite.signal.addEventListener('abort', () => events.push(`signal ${String(invite.signal.reason)}`));
    });
    peer.send(rawRequest({ body: OFFER }), STACK);
    await clock.advance(100);
    peer.send(rawRequest({ method: 'CANCEL', contact: null }), STACK);
    await clock.advance(0);
    const ok = peer.responses(200).find((r) => r.cseq.method === 'CANCEL');
    const terminated = peer.responses(487)[0];
    assert.ok(ok !== undefined);
    assert.equal(terminated?.cseq.method, 'INVITE');
    assert.equal(terminated?.to.tag, peer.responses(180)[0]?.to.tag, 'the same To tag as the 180');
    assert.deepEqual(events, ['signal cancel', 'cancel event']);
    peer.send(rawRequest({ method: 'ACK', toTag: terminated?.to.tag, contact: null }), STACK);
    await clock.advance(40_000);
    assert.equal(peer.responses(487).length, 1, 'the ACK stopped Timer G');
    assert.equal(stack.stats().transactions.total, 0);
    await stack.close();
  });

  test('a CANCEL matching no INVITE: 481; one after the final response: 200 and nothing else', async () => {
    const { clock, stack, peer } = await virtualStack();
    stack.onRequest((request) => request.respond(486));
    peer.send(
      rawRequest({ method: 'CANCEL', branch: 'z9hG4bK-none', callId: 'other', contact: null }),
      STACK,
    );
    peer.send(rawRequest(), STACK);
    await clock.advance(10);
    peer.send(rawRequest({ method: 'CANCEL', contact: null }), STACK);
    await clock.advance(0);
    assert.equal(peer.responses(481)[0]?.via[0]?.branch, 'z9hG4bK-none');
    assert.equal(peer.responses(200).length, 1);
    assert.equal(peer.responses(487).length, 0);
    await stack.close();
  });
});

describe('server transport Via handling (§18.2.1, §18.2.2, RFC 3581)', () => {
  test('rport: received and rport added; the response goes to the source port', async () => {
    const { clock, stack, network } = await virtualStack();
    const nat = network.peer('udp', '127.0.0.3', 40000);
    nat.send(rawRequest({ method: 'OPTIONS', viaParams: ';rport', contact: null }), STACK);
    await clock.advance(0);
    const via = nat.responses(200)[0]?.via[0];
    assert.equal(via?.received, '127.0.0.3');
    assert.equal(via?.rport, 40000);
    await stack.close();
  });

  test('without rport: received added, the response goes to the received address and sent-by port', async () => {
    const { clock, stack, network } = await virtualStack();
    const sender = network.peer('udp', '127.0.0.3', 40000);
    const listener = network.peer('udp', '127.0.0.3', PEER.port);
    sender.send(rawRequest({ method: 'OPTIONS', contact: null }), STACK);
    await clock.advance(0);
    assert.equal(sender.received.length, 0);
    assert.equal(listener.responses(200)[0]?.via[0]?.received, '127.0.0.3');
    await stack.close();
  });

  test('a sent-by that is the source address: nothing added', async () => {
    const { clock, stack, peer } = await virtualStack();
    peer.send(rawRequest({ method: 'OPTIONS', contact: null }), STACK);
    await clock.advance(0);
    const via = peer.responses(200)[0]?.via[0];
    assert.equal(via?.received, undefined);
    assert.equal(via?.params.length, 1);
    await stack.close();
  });

  test('forceRport: the response goes back to the source even without rport', async () => {
    const { clock, stack, network } = await virtualStack('udp', { forceRport: true });
    const sender = network.peer('udp', '127.0.0.3', 40000);
    sender.send(rawRequest({ method: 'OPTIONS', viaHost: 'phone.example.com', contact: null }), STACK);
    await clock.advance(0);
    assert.equal(sender.responses(200)[0]?.via[0]?.received, '127.0.0.3');
    await stack.close();
  });

  test('a malformed request is answered statelessly from what could be salvaged; a malformed response dropped', async () => {
    const { clock, stack, peer } = await virtualStack();
    peer.send(
      rawRequest({ method: 'OPTIONS', contact: null }).replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'),
      STACK,
    );
    peer.send('SIP/2.0 999 Nonsense\r\nVia: SIP/2.0/UDP 127.0.0.1:5060\r\n\r\n', STACK);
    await clock.advance(0);
    assert.equal(peer.responses().length, 1);
    assert.equal(peer.responses()[0]?.status, 400);
    assert.equal(peer.responses()[0]?.reason, 'CSeq Method Mismatch');
    assert.equal(stack.stats().transactions.total, 0, 'stateless');
    await stack.close();
  });
});
