/** SDP offer/answer (RFC 3264) for one G.711 stream with RFC 4733 telephone-event. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sdpTransform from 'sdp-transform';
import { isHotlineError } from '../../../src/shared/errors.js';
import { answerOffer, createOffer, readAnswer } from '../../../src/telephony/media/index.js';
import { SdpOrigin } from '../../../src/telephony/media/sdp.js';
import { offerSdp } from './helpers.js';

const local = { address: '10.0.0.5', port: 30000 };
const answer = (offer: string) => answerOffer(offer, { local, origin: new SdpOrigin() });

function answeredMedia(sdp: string) {
  const parsed = sdpTransform.parse(sdp);
  return { parsed, audio: parsed.media[0]! };
}

describe('answering an offer', () => {
  test('PCMU first: PCMU is chosen, with telephone-event 101, ptime 20, our address and port', () => {
    const { sdp, audio } = answer(offerSdp({ port: 4000 }));
    assert.equal(audio.codec, 'PCMU');
    assert.equal(audio.payloadType, 0);
    assert.deepEqual(audio.telephoneEvent, { payloadType: 101, events: '0-16' });
    assert.deepEqual(audio.remote, { address: '127.0.0.1', port: 4000 });
    assert.equal(audio.direction, 'sendrecv');
    const { parsed, audio: m } = answeredMedia(sdp);
    assert.equal(parsed.connection?.ip, '10.0.0.5');
    assert.equal(m.port, 30000);
    assert.equal(String(m.payloads), '0 101');
    assert.equal(m.ptime, 20);
    assert.equal(m.direction, 'sendrecv');
    assert.deepEqual(m.fmtp, [{ payload: 101, config: '0-15' }]);
  });

  test("the offerer's order decides: PCMA before PCMU gives PCMA", () => {
    const { audio } = answer(
      offerSdp({
        port: 4000,
        formats: [
          [8, 'PCMA/8000'],
          [0, 'PCMU/8000'],
        ],
      }),
    );
    assert.equal(audio.codec, 'PCMA');
    assert.equal(audio.telephoneEvent, null);
  });

  test('PCMA only, static payload type without rtpmap', () => {
    const { audio, sdp } = answer(offerSdp({ port: 4000, formats: [[8, undefined]] }));
    assert.equal(audio.codec, 'PCMA');
    assert.equal(String(answeredMedia(sdp).audio.payloads), '8');
  });

  test('no common codec is MediaNoCommonCodec (488)', () => {
    const offer = offerSdp({
      port: 4000,
      formats: [
        [18, 'G729/8000'],
        [9, 'G722/8000'],
        [101, 'telephone-event/8000'],
      ],
    });
    assert.throws(
      () => answer(offer),
      (err) => isHotlineError(err, 'MediaNoCommonCodec') && err.details?.sipStatus === 488,
    );
  });

  test('PCMU at 16 kHz or in stereo is not G.711 telephony', () => {
    assert.throws(() => answer(offerSdp({ port: 4000, formats: [[96, 'PCMU/16000']] })), /PCMU or PCMA/);
    assert.throws(() => answer(offerSdp({ port: 4000, formats: [[97, 'PCMU/8000/2']] })), /PCMU or PCMA/);
  });

  test('telephone-event keeps the payload type offered (96 here) and a dynamic PCMU type works', () => {
    const { audio, sdp } = answer(
      offerSdp({
        port: 4000,
        formats: [
          [110, 'PCMU/8000'],
          [96, 'telephone-event/8000'],
        ],
      }),
    );
    assert.equal(audio.payloadType, 110);
    assert.deepEqual(audio.telephoneEvent, { payloadType: 96, events: '0-16' });
    assert.equal(String(answeredMedia(sdp).audio.payloads), '110 96');
  });

  test('c= at media level is used when there is none at session level', () => {
    const { audio } = answer(offerSdp({ port: 4002, address: '192.0.2.7', connectionAt: 'media' }));
    assert.deepEqual(audio.remote, { address: '192.0.2.7', port: 4002 });
  });

  test('hold and unhold: sendonly → recvonly, inactive → inactive, recvonly → sendonly, 0.0.0.0 → no address', () => {
    assert.equal(answer(offerSdp({ port: 4000, direction: 'sendonly' })).audio.direction, 'recvonly');
    assert.equal(answer(offerSdp({ port: 4000, direction: 'inactive' })).audio.direction, 'inactive');
    assert.equal(answer(offerSdp({ port: 4000, direction: 'recvonly' })).audio.direction, 'sendonly');
    const zero = answer(offerSdp({ port: 4000, address: '0.0.0.0' }));
    assert.equal(zero.audio.remote, null);
    assert.equal(zero.audio.direction, 'recvonly');
    assert.equal(answeredMedia(zero.sdp).audio.direction, 'recvonly');
    const back = answer(offerSdp({ port: 4000, direction: 'sendrecv' }));
    assert.equal(back.audio.direction, 'sendrecv');
  });

  test('a=sendonly at session level applies to the stream', () => {
    const offer = offerSdp({ port: 4000 }).replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n');
    assert.equal(answer(offer).audio.direction, 'recvonly');
  });

  test('other m= lines are refused with port 0, in the same order (RFC 3264 §6)', () => {
    const offer = `${offerSdp({ port: 4000 })}m=video 5000 RTP/AVP 31\r\n`;
    const { parsed } = answeredMedia(answer(offer).sdp);
    assert.equal(parsed.media.length, 2);
    assert.equal(parsed.media[1]?.type, 'video');
    assert.equal(parsed.media[1]?.port, 0);
  });

  test('SRTP-only and port-0 audio streams are not usable', () => {
    const srtp = offerSdp({ port: 4000 }).replace('RTP/AVP', 'RTP/SAVP');
    assert.throws(
      () => answer(srtp),
      (err) => isHotlineError(err, 'MediaNoCommonCodec'),
    );
    const disabled = offerSdp({ port: 0 });
    assert.throws(
      () => answer(disabled),
      (err) => isHotlineError(err, 'MediaNoCommonCodec'),
    );
  });

  test('the o= version goes up with each answer of the session (RFC 3264 §8)', () => {
    const origin = new SdpOrigin();
    const first = sdpTransform.parse(answerOffer(offerSdp({ port: 4000 }), { local, origin }).sdp);
    const second = sdpTransform.parse(answerOffer(offerSdp({ port: 4000 }), { local, origin }).sdp);
    assert.equal(first.origin?.sessionId, second.origin?.sessionId);
    assert.equal(second.origin!.sessionVersion, first.origin!.sessionVersion + 1);
  });

  test('in a re-INVITE the codec in use is kept when still offered', () => {
    const offer = offerSdp({ port: 4000 }); // PCMU first
    const r = answerOffer(offer, { local, origin: new SdpOrigin(), keepCodec: 'PCMA' });
    assert.equal(r.audio.codec, 'PCMA');
  });
});

describe('refusing malformed or absurd descriptions (MediaSdpInvalid)', () => {
  const invalid = (err: unknown) => isHotlineError(err, 'MediaSdpInvalid');
  test('too large', () => {
    const huge = offerSdp({ port: 4000, extraMedia: `a=x-pad:${'x'.repeat(20_000)}` });
    assert.throws(() => answer(huge), invalid);
  });
  test('not SDP at all', () => {
    assert.throws(() => answer('hello'), invalid);
    assert.throws(() => answer(''), invalid);
  });
  test('a port out of range', () => {
    assert.throws(() => answer(offerSdp({ port: 70000 })), invalid);
  });
  test('an m= line that does not parse (port count, junk)', () => {
    assert.throws(() => answer(offerSdp({ port: 4000 }).replace('m=audio 4000', 'm=audio 4000/2')), invalid);
    assert.throws(() => answer(offerSdp({ port: 4000 }).replace('m=audio 4000', 'm=audio x')), invalid);
  });
  test('no c= line, a hostname, IPv6, multicast', () => {
    assert.throws(() => answer(offerSdp({ port: 4000 }).replace(/c=IN IP4 [^\r]+\r\n/, '')), invalid);
    assert.throws(() => answer(offerSdp({ port: 4000, address: 'pbx.example.com' })), invalid);
    assert.throws(
      () => answer(offerSdp({ port: 4000 }).replace('c=IN IP4 127.0.0.1', 'c=IN IP6 ::1')),
      invalid,
    );
    assert.throws(() => answer(offerSdp({ port: 4000, address: '239.1.1.1' })), invalid);
  });
  test('too many formats or m= lines, a payload type above 127', () => {
    const many = Array.from({ length: 70 }, (_, i) => [i + 20, undefined] as [number, undefined]);
    assert.throws(() => answer(offerSdp({ port: 4000, formats: [[0, 'PCMU/8000'], ...many] })), invalid);
    const sections = Array.from({ length: 20 }, () => 'm=video 0 RTP/AVP 31').join('\r\n');
    assert.throws(() => answer(offerSdp({ port: 4000, extraMedia: sections })), invalid);
    assert.throws(() => answer(offerSdp({ port: 4000, formats: [[200, 'PCMU/8000']] })), invalid);
  });
});

describe('offers for calls we place', () => {
  test('createOffer lists PCMU, PCMA and telephone-event 101; readAnswer takes the answer', () => {
    const options = { local, origin: new SdpOrigin() };
    const offer = createOffer(options);
    const m = sdpTransform.parse(offer).media[0]!;
    assert.equal(String(m.payloads), '0 8 101');
    assert.equal(m.ptime, 20);
    const reply = answerOffer(offer, {
      local: { address: '127.0.0.1', port: 4100 },
      origin: new SdpOrigin(),
    });
    const audio = readAnswer(reply.sdp, options);
    assert.equal(audio.codec, 'PCMU');
    assert.deepEqual(audio.remote, { address: '127.0.0.1', port: 4100 });
    assert.equal(audio.telephoneEvent?.payloadType, 101);
  });

  test('an answer with a codec we did not offer is refused', () => {
    const options = { local, origin: new SdpOrigin(), codecs: ['PCMA'] as const };
    const answerText = offerSdp({ port: 4100, formats: [[0, 'PCMU/8000']] });
    assert.throws(
      () => readAnswer(answerText, { ...options, codecs: ['PCMA'] }),
      (err) => isHotlineError(err, 'MediaNoCommonCodec'),
    );
  });
});
