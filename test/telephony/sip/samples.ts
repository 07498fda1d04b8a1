/** Typical messages of a call, as a softphone or a trunk sends them (LF here, CRLF on the wire). */

/** Text with LF line ends → wire bytes with CRLF (the body keeps CRLF too, as SDP does). */
export function wire(text: string): Buffer {
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
}

const SDP = `v=0
o=- 3912456378 3912456378 IN IP4 192.0.2.10
s=-
c=IN IP4 192.0.2.10
t=0 0
m=audio 40000 RTP/AVP 0 8 101
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000
a=fmtp:101 0-16
a=ptime:20
a=sendrecv
`;

const SDP_BYTES = wire(SDP).length;

export const INVITE = wire(`INVITE sip:4001@pbx.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport
Max-Forwards: 70
To: <sip:4001@pbx.example.com>
From: "Zhang Wei" <sip:13800138000@trunk.example.net>;tag=1928301774
Call-ID: a84b4c76e66710@192.0.2.10
CSeq: 314159 INVITE
Contact: <sip:13800138000@192.0.2.10:5060;transport=udp>
Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, INFO
Supported: replaces, timer
User-Agent: Hotline-Bench/1.0
Content-Type: application/sdp
Content-Length: ${SDP_BYTES}

${SDP}`);

export const OK_200 = wire(`SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKnashds8;received=192.0.2.20;rport=5060
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;received=192.0.2.10
Record-Route: <sip:192.0.2.20;lr>
To: <sip:4001@pbx.example.com>;tag=a6c85cf
From: "Zhang Wei" <sip:13800138000@trunk.example.net>;tag=1928301774
Call-ID: a84b4c76e66710@192.0.2.10
CSeq: 314159 INVITE
Contact: <sip:4001@192.0.2.30:5060>
Allow: INVITE, ACK, CANCEL, OPTIONS, BYE
Supported: replaces
Content-Type: application/sdp
Content-Length: ${SDP_BYTES}

${SDP}`);

export const OPTIONS = wire(`OPTIONS sip:pbx.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKhjhs8ass877;rport
Max-Forwards: 70
To: <sip:pbx.example.com>
From: <sip:monitor@192.0.2.10>;tag=93810874
Call-ID: 843817637684230@998sdasdh09
CSeq: 63104 OPTIONS
Accept: application/sdp
Content-Length: 0

`);
