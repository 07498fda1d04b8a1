/**
 * Dialogs (RFC 3261 §12, §13, §15) in virtual time against a raw peer: the UAS makes its 2xx
 * reliable until the ACK (§13.3.1.4), ends an unacknowledged call with BYE, routes requests by
 * the route set; the UAC ACKs every 2xx (§13.2.2.4), cancels (§9.1), and both take BYE.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildResponse,
  type Dialog,
  type DialogEndReason,
  type IncomingInvite,
  type SipResponse,
} from '../../../src/telephony/sip/index.js';
import { isResponse, OFFER, PEER, rawRequest, STACK, virtualStack } from './virtual-stack.js';

/** A stack that accepts the first INVITE and hands back the dialog. */
async function answered(options: Parameters<typeof virtualStack>[1] = {}, extra: string[] = []) {
  const setup = await virtualStack('udp', options);
  const ends: DialogEndReason[] = [];
  let dialog: Dialog | undefined;
  setup.stack.onRequest((request) => {
    dialog = (request as IncomingInvite).accept({ body: Buffer.from(OFFER), contentType: 'application/sdp' });
    dialog.on('terminated', (reason) => ends.push(reason));
  });
  setup.peer.send(rawRequest({ body: OFFER, extra }), STACK);
  await setup.clock.advance(0);
  const ok = setup.peer.responses(200)[0];
  assert.ok(ok !== undefined && dialog !== undefined);
  return { ...setup, dialog, ok, ends };
}

const ackFor = (ok: SipResponse, cseq = 1) =>
  rawRequest({ method: 'ACK', branch: 'z9hG4bK-ack', toTag: ok.to.tag, cseq, contact: null });

describe('UAS dialog', () => {
  test('the 2xx is retransmitted (T1 doubling up to T2) until the ACK, which is reported', async () => {
    const { clock, stack, peer, dialog, ok } = await answered();
    const acks: number[] = [];
    dialog.on('ack', (ack) => acks.push(ack.cseq.seq));
    assert.ok(ok.to.tag !== undefined && ok.to.tag === dialog.localTag);
    assert.ok(ok.headers.some((h) => h.name === 'Contact'));
    await clock.advance(8_000);
    peer.send(ackFor(ok), STACK);
    await clock.advance(40_000);
    assert.deepEqual(peer.times(isResponse(200, 'INVITE')), [0, 500, 1500, 3500, 7500]);
    assert.deepEqual(acks, [1]);
    assert.equal(dialog.state, 'confirmed');
    assert.equal(stack.stats().dialogs, 1);
    assert.equal(stack.stats().transactions.total, 0, 'Timer L ended the INVITE transaction');
    await stack.close();
  });

  test('with no ACK after 64*T1 the UAS gives up and sends BYE (§13.3.1.4)', async () => {
    const { clock, stack, peer, ok, ends } = await answered();
    await clock.advance(32_000);
    assert.deepEqual(
      peer.times(isResponse(200, 'INVITE')),
      [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500],
    );
    const bye = peer.requests('BYE')[0];
    assert.ok(bye !== undefined, 'BYE sent');
    assert.equal(bye.from.tag, ok.to.tag);
    assert.equal(bye.to.tag, 'peer-tag');
    assert.equal(bye.requestUri.kind === 'sip' && bye.requestUri.host, PEER.address, 'to the remote target');
    assert.deepEqual(ends, ['no-ack']);
    peer.send(buildResponse(bye, 200), STACK);
    await clock.advance(10_000);
    const stats = stack.stats();
    assert.equal(stats.dialogs, 0);
    assert.equal(stats.transactions.total, 0);
    assert.equal(stats.timers, 0);
    await stack.close();
  });

  test('terminate() before the ACK waits for it, then sends BYE (§15)', async () => {
    const { clock, stack, peer, dialog, ok, ends } = await answered();
    const done = dialog.terminate();
    await clock.advance(1_000);
    assert.equal(peer.requests('BYE').length, 0);
    peer.send(ackFor(ok), STACK);
    await clock.advance(0);
    const bye = peer.requests('BYE')[0]!;
    assert.equal(bye.cseq.seq, dialog.localSeq);
    peer.send(buildResponse(bye, 200), STACK);
    await done;
    assert.deepEqual(ends, ['bye-sent']);
    await stack.close();
  });

  test('a BYE from the peer is answered 200 and ends the dialog', async () => {
    const { clock, stack, peer, dialog, ok, ends } = await answered();
    const byes: string[] = [];
    dialog.on('bye', (bye) => byes.push(bye.method));
    peer.send(ackFor(ok), STACK);
    peer.send(
      rawRequest({ method: 'BYE', branch: 'z9hG4bK-bye', toTag: ok.to.tag, cseq: 2, contact: null }),
      STACK,
    );
    await clock.advance(0);
    assert.equal(peer.responses(200).filter((r) => r.cseq.method === 'BYE').length, 1);
    assert.deepEqual(byes, ['BYE']);
    assert.deepEqual(ends, ['bye-received']);
    assert.equal(stack.stats().dialogs, 0);
    await stack.close();
  });

  test('in-dialog requests: INFO as an event, out-of-order CSeq refused with 500 (§12.2.2)', async () => {
    const { clock, stack, peer, dialog, ok } = await answered();
    const infos: string[] = [];
    dialog.on('info', (info) => {
      infos.push(info.message.body.toString());
      info.respond(200);
    });
    peer.send(ackFor(ok), STACK);
    const info = (cseq: number, branch: string) =>
      rawRequest({
        method: 'INFO',
        branch,
        toTag: ok.to.tag,
        cseq,
        contact: null,
        body: `Signal=${cseq}\r\nDuration=160\r\n`,
        contentType: 'application/dtmf-relay',
      });
    peer.send(info(5, 'z9hG4bK-i5'), STACK);
    await clock.advance(0);
    peer.send(info(3, 'z9hG4bK-i3'), STACK);
    await clock.advance(0);
    assert.deepEqual(infos, ['Signal=5\r\nDuration=160\r\n']);
    assert.equal(peer.responses(500)[0]?.cseq.seq, 3);
    assert.equal(dialog.remoteSeq, 5);
    await stack.close();
  });

  test('a re-INVITE goes to the TU; its 2xx is retransmitted until its own ACK', async () => {
    const { clock, stack, peer, dialog, ok } = await answered();
    peer.send(ackFor(ok), STACK);
    dialog.on('reinvite', (invite) =>
      invite.accept({ body: Buffer.from(OFFER), contentType: 'application/sdp' }),
    );
    peer.send(rawRequest({ branch: 'z9hG4bK-re', toTag: ok.to.tag, cseq: 2, body: OFFER }), STACK);
    await clock.advance(600);
    const oks = peer.responses(200).filter((r) => r.cseq.seq === 2);
    assert.equal(oks.length, 2, 'sent, then once more after T1');
    assert.equal(oks[0]?.to.tag, ok.to.tag);
    peer.send(ackFor(ok, 2), STACK);
    await clock.advance(10_000);
    assert.equal(peer.responses(200).filter((r) => r.cseq.seq === 2).length, 2);
    await stack.close();
  });

  test('our re-INVITE: its 2xx refreshes the target and is ACKed; a second one meanwhile is refused with 491 (§14.1)', async () => {
    const { clock, stack, peer, network, dialog, ok } = await answered();
    peer.send(ackFor(ok), STACK);
    await clock.advance(0);
    const pending = dialog.sendRequest('INVITE', {
      body: Buffer.from(OFFER),
      contentType: 'application/sdp',
    });
    assert.equal((await dialog.sendRequest('INVITE')).status, 491);
    await clock.advance(0);
    const reinvite = peer.requests('INVITE')[0]!;
    assert.equal(reinvite.cseq.seq, dialog.localSeq);
    assert.ok(
      reinvite.headers.some((h) => h.name === 'Contact'),
      'a target refresh carries Contact',
    );
    const moved = network.peer('udp', '127.0.0.5', 5090);
    const contact = { name: 'Contact', value: '<sip:caller@127.0.0.5:5090>' };
    peer.send(buildResponse(reinvite, 200, 'OK', { headers: [contact] }), STACK);
    const result = await pending;
    await clock.advance(0);
    assert.equal(result.status, 200);
    assert.deepEqual(
      moved.requests('ACK').map((a) => a.cseq),
      [{ seq: reinvite.cseq.seq, method: 'ACK' }],
    );
    const bye = dialog.sendRequest('BYE');
    await clock.advance(0);
    assert.equal(moved.requests('BYE').length, 1, 'BYE to the new target');
    assert.equal(dialog.state, 'terminated');
    moved.send(buildResponse(moved.requests('BYE')[0]!, 200), STACK);
    assert.equal((await bye).status, 200);
    await stack.close();
  });

  test('requests from the UAS follow the Record-Route set (loose routing, §12.2.1.1)', async () => {
    const proxy = '<sip:127.0.0.4:5080;lr>';
    const { clock, stack, network, dialog, ok } = await answered({}, [`Record-Route: ${proxy}`]);
    assert.ok(
      ok.headers.some((h) => h.name === 'Record-Route' && h.value === proxy),
      'copied into the 2xx',
    );
    const edge = network.peer('udp', '127.0.0.4', 5080);
    const result = dialog.sendRequest('INFO', {
      body: Buffer.from('Signal=1'),
      contentType: 'application/dtmf-relay',
    });
    await clock.advance(0);
    const info = edge.requests('INFO')[0];
    assert.ok(info !== undefined, 'sent to the first route');
    assert.equal(info.route.length, 1);
    assert.equal(
      info.requestUri.kind === 'sip' && info.requestUri.user,
      'caller',
      'Request-URI is the remote target',
    );
    edge.send(buildResponse(info, 200), STACK);
    assert.equal((await result).status, 200);
    await stack.close();
  });
});

describe('UAC dialog', () => {
  const TARGET = `sip:agent@${PEER.address}:${PEER.port}`;

  async function calling(signal?: AbortSignal) {
    const setup = await virtualStack();
    const provisional: number[] = [];
    const outcome = setup.stack.invite(
      TARGET,
      {
        from: '"Hotline" <sip:ivr@127.0.0.1>',
        body: Buffer.from(OFFER),
        onProvisional: (r) => provisional.push(r.status),
      },
      signal,
    );
    await setup.clock.advance(0);
    const invite = setup.peer.requests('INVITE')[0]!;
    return { ...setup, outcome, invite, provisional };
  }

  test('the 2xx makes a dialog and is ACKed end to end; retransmissions are ACKed again (§13.2.2.4)', async () => {
    const { clock, stack, peer, outcome, invite, provisional } = await calling();
    assert.equal(invite.contentType?.subtype, 'sdp');
    assert.ok(invite.headers.some((h) => h.name === 'Contact'));
    peer.send(buildResponse(invite, 180, 'Ringing', { toTag: 'agent' }), STACK);
    const contact = { name: 'Contact', value: `<sip:agent@${PEER.address}:${PEER.port}>` };
    const ok = buildResponse(invite, 200, 'OK', { toTag: 'agent', headers: [contact] });
    peer.send(ok, STACK);
    const result = await outcome;
    await clock.advance(0);
    assert.deepEqual(provisional, [180]);
    assert.equal(result.status, 200);
    const dialog = result.dialog!;
    assert.equal(dialog.role, 'uac');
    assert.equal(dialog.remoteTag, 'agent');
    const ack = peer.requests('ACK')[0]!;
    assert.notEqual(ack.via[0]?.branch, invite.via[0]?.branch, 'a new transaction');
    assert.deepEqual(ack.cseq, { seq: 1, method: 'ACK' });
    assert.equal(ack.to.tag, 'agent');
    peer.send(ok, STACK);
    await clock.advance(0);
    assert.equal(peer.requests('ACK').length, 2);
    const ended = dialog.terminate();
    await clock.advance(0);
    const bye = peer.requests('BYE')[0]!;
    assert.deepEqual(bye.cseq, { seq: 2, method: 'BYE' });
    peer.send(buildResponse(bye, 200), STACK);
    await ended;
    await clock.advance(40_000);
    assert.deepEqual(stack.stats(), {
      transactions: { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0, total: 0 },
      dialogs: 0,
      connections: 0,
      timers: 0,
      lingering: 0,
    });
    await stack.close();
  });

  test('abort before any provisional: CANCEL waits for the 1xx (§9.1), then 487 is ACKed', async () => {
    const controller = new AbortController();
    const { clock, stack, peer, outcome, invite } = await calling(controller.signal);
    controller.abort();
    await clock.advance(100);
    assert.equal(peer.requests('CANCEL').length, 0);
    peer.send(buildResponse(invite, 180, 'Ringing', { toTag: 'agent' }), STACK);
    await clock.advance(0);
    const cancel = peer.requests('CANCEL')[0]!;
    assert.equal(cancel.via[0]?.branch, invite.via[0]?.branch);
    assert.deepEqual(cancel.cseq, { seq: 1, method: 'CANCEL' });
    assert.equal(cancel.to.tag, undefined, 'To as in the INVITE');
    peer.send(buildResponse(cancel, 200), STACK);
    peer.send(buildResponse(invite, 487, 'Request Terminated', { toTag: 'agent' }), STACK);
    const result = await outcome;
    await clock.advance(0);
    assert.equal(result.status, 487);
    assert.equal(result.cancelled, true);
    assert.equal(result.dialog, undefined);
    assert.equal(peer.requests('ACK')[0]?.via[0]?.branch, invite.via[0]?.branch);
    await clock.advance(40_000);
    assert.equal(stack.stats().timers, 0);
    await stack.close();
  });

  test('a 2xx that crosses the CANCEL is ACKed and ended with BYE', async () => {
    const controller = new AbortController();
    const { clock, stack, peer, outcome, invite } = await calling(controller.signal);
    peer.send(buildResponse(invite, 180, 'Ringing', { toTag: 'agent' }), STACK);
    await clock.advance(0);
    controller.abort();
    peer.send(buildResponse(invite, 200, 'OK', { toTag: 'agent' }), STACK);
    const result = await outcome;
    await clock.advance(0);
    assert.equal(result.cancelled, true);
    assert.equal(result.dialog, undefined);
    assert.equal(peer.requests('ACK').length, 1);
    assert.equal(peer.requests('BYE').length, 1);
    await stack.close();
  });

  test('a 2xx from a second fork is ACKed and ended with BYE; the first dialog stays', async () => {
    const { clock, stack, peer, outcome, invite } = await calling();
    peer.send(buildResponse(invite, 200, 'OK', { toTag: 'first' }), STACK);
    const result = await outcome;
    peer.send(buildResponse(invite, 200, 'OK', { toTag: 'second' }), STACK);
    await clock.advance(0);
    assert.equal(result.dialog?.remoteTag, 'first');
    assert.deepEqual(
      peer.requests('ACK').map((a) => a.to.tag),
      ['first', 'second'],
    );
    assert.deepEqual(
      peer.requests('BYE').map((b) => b.to.tag),
      ['second'],
    );
    assert.equal(result.dialog?.state, 'confirmed');
    await stack.close();
  });

  test('a BYE from the callee ends the UAC dialog', async () => {
    const { clock, stack, peer, outcome, invite } = await calling();
    peer.send(buildResponse(invite, 200, 'OK', { toTag: 'agent' }), STACK);
    const { dialog } = await outcome;
    const ends: string[] = [];
    dialog!.on('terminated', (reason) => ends.push(reason));
    const bye = [
      `BYE sip:hotline@${STACK.address}:${STACK.port} SIP/2.0`,
      `Via: SIP/2.0/UDP ${PEER.address}:${PEER.port};branch=z9hG4bK-callee-bye`,
      'Max-Forwards: 70',
      `From: <sip:agent@${PEER.address}>;tag=agent`,
      `To: ${invite.headers.find((h) => h.name === 'From')!.value}`,
      `Call-ID: ${invite.callId}`,
      'CSeq: 1 BYE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    peer.send(bye, STACK);
    await clock.advance(0);
    assert.equal(peer.responses(200).filter((r) => r.cseq.method === 'BYE').length, 1);
    assert.deepEqual(ends, ['bye-received']);
    await stack.close();
  });
});

describe('RFC 2543 peers (§17.2.3 fallback matching)', () => {
  test('an INVITE without the magic cookie: retransmissions absorbed, the ACK for the 2xx reaches the dialog', async () => {
    const setup = await virtualStack();
    const acks: number[] = [];
    let invites = 0;
    setup.stack.onRequest((request) => {
      invites++;
      (request as IncomingInvite).accept().on('ack', (ack) => acks.push(ack.cseq.seq));
    });
    const invite = rawRequest({ branch: null, body: OFFER });
    setup.peer.send(invite, STACK);
    setup.peer.send(invite, STACK);
    await setup.clock.advance(0);
    assert.equal(invites, 1, 'the retransmission matched the transaction');
    const ok = setup.peer.responses(200)[0]!;
    setup.peer.send(rawRequest({ method: 'ACK', branch: null, toTag: ok.to.tag, contact: null }), STACK);
    await setup.clock.advance(10_000);
    assert.deepEqual(acks, [1]);
    assert.equal(setup.peer.responses(200).length, 1, 'no 2xx retransmission after the ACK');
    await setup.stack.close();
  });
});

describe('closing the stack', () => {
  test('settles what is pending: an INVITE in progress ends as 503', async () => {
    const { clock, stack } = await virtualStack();
    const outcome = stack.invite(`sip:agent@${PEER.address}:${PEER.port}`, { from: '<sip:ivr@127.0.0.1>' });
    await clock.advance(100);
    await stack.close();
    assert.equal((await outcome).status, 503);
  });

  test('cancels every timer and forgets every transaction and dialog', async () => {
    const { clock, stack } = await answered();
    void stack.invite(`sip:agent@${PEER.address}:${PEER.port}`, { from: '<sip:ivr@127.0.0.1>' });
    await clock.advance(0);
    assert.ok(stack.stats().timers > 0);
    await stack.close();
    assert.deepEqual(stack.stats(), {
      transactions: { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0, total: 0 },
      dialogs: 0,
      connections: 0,
      timers: 0,
      lingering: 0,
    });
    assert.equal(clock.timerCount, 0);
  });
});
