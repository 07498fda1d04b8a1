/**
 * sipp scenarios written for Hotline's tests. The caller's media port is a UDP socket of the test
 * (so the test hears what Hotline plays); sipp itself only does the signalling and, where asked,
 * plays DTMF pcaps.
 */

const sdp = (mediaPort: number) =>
  [
    'v=0',
    'o=caller 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${mediaPort} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=sendrecv',
  ].join('\n');

/** An agent's phone's credentials: the first INVITE is challenged (401), the second answers it. */
export interface PhoneCredentials {
  username: string;
  password: string;
}

const invite = (caller: string, called: string, mediaPort: number, cseq = 1, authorization = '') => `
  <send retrans="500">
    <![CDATA[
      INVITE sip:${called}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "caller" <sip:${caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:${called}@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:${caller}@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70${authorization}
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp(mediaPort).split('\n').join('\n      ')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>`;

/**
 * The ACK of a final error response (§17.1.1.3): the INVITE's branch (five messages back: the
 * INVITE, its optional 100/180/183 and the error) and CSeq number.
 */
const ackRefusal = (called: string, cseq: number) => `<send>
    <![CDATA[
      ACK sip:${called}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-5]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>`;

/** INVITE, 401, ACK of the 401, INVITE again with the digest answer (sipp computes it). */
const challengedInvite = (caller: string, called: string, mediaPort: number, auth: PhoneCredentials) => `
  ${invite(caller, called, mediaPort)}
  <recv response="401" auth="true"/>
  ${ackRefusal(called, 1)}
  ${invite(caller, called, mediaPort, 2, `\n      [authentication username=${auth.username} password=${auth.password}]`)}`;

const inviteAs = (o: { caller: string; called: string; mediaPort: number; auth?: PhoneCredentials }) =>
  o.auth
    ? challengedInvite(o.caller, o.called, o.mediaPort, o.auth)
    : invite(o.caller, o.called, o.mediaPort);

const ack = (cseq = 1) => `
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ACK
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>`;

/** The caller hangs up. */
const sendBye = `<send retrans="500">
    <![CDATA[
      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200"/>`;

/**
 * sipp sends a response to the last request: `toTag` adds our To tag (a first response of a call),
 * `headers` go before Content-Length.
 */
/** A response to the last request; `sdp` is its body (Content-Type and [len] follow). */
export const respond = (
  status: string,
  options: { toTag?: string; headers?: string[]; retrans?: boolean; sdp?: string } = {},
) => {
  const headers = options.sdp
    ? [...(options.headers ?? []), 'Content-Type: application/sdp', 'Content-Length: [len]']
    : [...(options.headers ?? []), 'Content-Length: 0'];
  const body = options.sdp ? `\n\n      ${options.sdp.trim().split('\n').join('\n      ')}` : '';
  return `
  <send${options.retrans ? ' retrans="500"' : ''}>
    <![CDATA[
      SIP/2.0 ${status}
      [last_Via:]
      [last_From:]
      [last_To:]${options.toTag ? `;tag=${options.toTag}` : ''}
      [last_Call-ID:]
      [last_CSeq:]
      ${headers.join('\n      ')}${body}
    ]]>
  </send>`;
};

const receiveBye = `
  <recv request="BYE"/>
  ${respond('200 OK')}`;

const info = (digit: string) => `
  <send retrans="500">
    <![CDATA[
      INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: [cseq] INFO
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=${digit}
      Duration=160
    ]]>
  </send>
  <recv response="200"/>`;

/**
 * Calls, waits for Hotline to hang up (the flow ends), answers its BYE. Digits go as SIP INFO, or
 * as RFC 4733 telephone-events from sipp's pcap files (sent from sipp's media port).
 */
export function callUntilHotlineHangsUp(options: {
  caller: string;
  called: string;
  mediaPort: number;
  infoDigits?: string;
  rtpDigits?: string;
  afterMs?: number;
  /** Call as an agent's phone (from a source that is not a trunk). */
  auth?: PhoneCredentials;
}): string {
  const pause = `<pause milliseconds="${options.afterMs ?? 300}"/>`;
  const pcap = (d: string) =>
    `/usr/share/sip-tester/dtmf_2833_${d === '*' ? 'star' : d === '#' ? 'pound' : d}.pcap`;
  const digits = [
    ...[...(options.infoDigits ?? '')].map((d) => `${pause}${info(d)}`),
    ...[...(options.rtpDigits ?? '')].map(
      (d) => `${pause}<nop><action><exec play_pcap_audio="${pcap(d)}"/></action></nop>`,
    ),
  ].join('\n');
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline caller">
  ${inviteAs(options)}
  <recv response="200" rtd="true"/>
  ${ack(options.auth ? 2 : 1)}
  ${digits}
  ${receiveBye}
</scenario>
`;
}

/** Calls and expects a final error response (403, 404, 503…), then ACKs it. */
export function callRefused(options: {
  caller: string;
  called: string;
  mediaPort: number;
  status: number;
  auth?: PhoneCredentials;
}): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline refusal">
  ${inviteAs(options)}
  <recv response="${options.status}"/>
  ${ackRefusal(options.called, options.auth ? 2 : 1)}
</scenario>
`;
}

/** Calls and hangs up (BYE) after a random time while the flow still runs. */
export function hangUpAtRandom(options: {
  caller: string;
  called: string;
  mediaPort: number;
  maxMs: number;
}): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline caller who hangs up">
  ${invite(options.caller, options.called, options.mediaPort)}
  <recv response="200" rtd="true"/>
  ${ack()}
  <pause distribution="uniform" min="0" max="${options.maxMs}"/>
  ${sendBye}
</scenario>
`;
}

/** Calls, stays on the line for `talkMs` after the answer (the flow, then whoever it reaches), then hangs up. */
export function callAndTalk(options: {
  caller: string;
  called: string;
  mediaPort: number;
  talkMs: number;
}): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline caller who talks">
  ${invite(options.caller, options.called, options.mediaPort)}
  <recv response="200" rtd="true"/>
  ${ack()}
  <pause milliseconds="${options.talkMs}"/>
  ${sendBye}
</scenario>
`;
}

const reinvite = (cseq: number, mediaPort: number, direction: 'sendonly' | 'sendrecv', expect: string) => `
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp(mediaPort)
        .replace('o=caller 1 1', `o=caller 1 ${cseq}`)
        .replace('a=sendrecv', `a=${direction}`)
        .split('\n')
        .join('\n      ')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="200">
    <action>
      <ereg regexp="a=${expect}" search_in="body" check_it="true" assign_to="dir${cseq}"/>
    </action>
  </recv>${ack(cseq)}`;

/**
 * Calls, puts Hotline on hold with a re-INVITE (a=sendonly: the answer must be recvonly), takes it
 * off hold (sendrecv), then waits for Hotline to hang up when the flow ends.
 */
export function callHoldUnhold(options: { caller: string; called: string; mediaPort: number }): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline caller who holds">
  ${invite(options.caller, options.called, options.mediaPort)}
  <recv response="200" rtd="true"/>
  ${ack()}
  <pause milliseconds="300"/>
  ${reinvite(2, options.mediaPort, 'sendonly', 'recvonly')}
  <pause milliseconds="300"/>
  ${reinvite(3, options.mediaPort, 'sendrecv', 'sendrecv')}
  ${receiveBye}
  <Reference variables="dir2,dir3"/>
</scenario>
`;
}

/** An INVITE without SDP (late offer, RFC 3261 §13.2.1): Hotline offers in its 200, the answer goes in the ACK. */
export function callLateOffer(options: { caller: string; called: string; mediaPort: number }): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline caller with a late offer">
  <send retrans="500">
    <![CDATA[
      INVITE sip:${options.called}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "caller" <sip:${options.caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:${options.called}@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:${options.caller}@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="200" rtd="true">
    <action>
      <ereg regexp="m=audio [0-9]+ RTP/AVP" search_in="body" check_it="true" assign_to="offer"/>
    </action>
  </recv>
  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp(options.mediaPort).split('\n').join('\n      ')}
    ]]>
  </send>
  ${receiveBye}
  <Reference variables="offer"/>
</scenario>
`;
}

/**
 * A callee (sipp as server, -sf) that answers every INVITE with an SDP naming `mediaPort` (a
 * socket of the test), then waits for the BYE: a stand-in for a carrier's far end.
 */
export function answerWithMedia(mediaPort: number, challenge?: PhoneCredentials): string {
  // A carrier that authenticates its customers: 401 first; a wrong answer gets 403 and ends there.
  const authenticate = challenge
    ? `${respond('401 Unauthorized', {
        toTag: '[pid]SIPpTag00[call_number]',
        headers: [
          'WWW-Authenticate: Digest realm="carrier.example", nonce="n[call_number]x[pid]", algorithm=MD5',
        ],
      })}
  <recv request="ACK"/>
  <recv request="INVITE">
    <action>
      <verifyauth assign_to="authorized" username="${challenge.username}" password="${challenge.password}"/>
    </action>
  </recv>
  <nop hide="true" test="authorized" next="authorized"/>
  ${respond('403 Forbidden', { toTag: '[pid]SIPpTag01[call_number]' })}
  <recv request="ACK" next="end"/>
  <label id="authorized"/>`
    : '';
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline test callee">
  <recv request="INVITE"/>
  ${authenticate}
  ${respond('180 Ringing', { toTag: '[pid]SIPpTag01[call_number]' })}
  ${respond('200 OK', {
    toTag: '[pid]SIPpTag01[call_number]',
    retrans: true,
    headers: ['Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>'],
    sdp: sdp(mediaPort).replace('o=caller', 'o=callee'),
  })}
  <recv request="ACK"/>
  ${receiveBye}
  <label id="end"/>
</scenario>
`;
}
