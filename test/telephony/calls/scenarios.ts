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

const invite = (caller: string, called: string, mediaPort: number) => `
  <send retrans="500">
    <![CDATA[
      INVITE sip:${called}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "caller" <sip:${caller}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:${called}@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:${caller}@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp(mediaPort).split('\n').join('\n      ')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>`;

const ack = `
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
      Content-Length: 0
    ]]>
  </send>`;

const receiveBye = `
  <recv request="BYE"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>`;

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
  ${invite(options.caller, options.called, options.mediaPort)}
  <recv response="200" rtd="true"/>
  ${ack}
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
}): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline refusal">
  ${invite(options.caller, options.called, options.mediaPort)}
  <recv response="${options.status}"/>
  <send>
    <![CDATA[
      ACK sip:${options.called}@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-5]
      [last_From:]
      [last_To:]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
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
  ${ack}
  <pause distribution="uniform" min="0" max="${options.maxMs}"/>
  <send retrans="500">
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
  <recv response="200"/>
</scenario>
`;
}

/** Calls, talks for `talkMs` after Hotline answered, then hangs up (BYE); a BYE from Hotline first also ends it. */
export function callAndHangUpAfter(options: {
  caller: string;
  called: string;
  mediaPort: number;
  talkMs: number;
}): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Hotline caller who hangs up after a while">
  ${invite(options.caller, options.called, options.mediaPort)}
  <recv response="200" rtd="true"/>
  ${ack}
  <pause milliseconds="${options.talkMs}"/>
  <send retrans="500">
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
  <recv response="200"/>
</scenario>
`;
}
