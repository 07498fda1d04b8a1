/**
 * A werift peer connection that plays the browser in the softphone tests: it offers audio (PCMU,
 * PCMA, telephone-event, or what a test asks for), waits for its ICE candidates (the softphone
 * takes no trickle), takes the answer, sends RTP and keeps what it receives.
 */
import {
  type RTCPeerConnection as Pc,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RTCRtpTransceiver,
} from 'werift';
import { decodeG711, type G711Codec } from '../../../src/telephony/media/g711.js';
import { encodeRtp } from '../../../src/telephony/media/rtp-packet.js';

export interface ReceivedPacket {
  payloadType: number;
  payload: Buffer;
  at: number;
}

export function codec(mimeType: string, payloadType: number, clockRate = 8000): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({ mimeType, clockRate, channels: 1, payloadType });
}

export const g711Codecs = () => [
  codec('audio/PCMU', 0),
  codec('audio/PCMA', 8),
  codec('audio/telephone-event', 101),
];

export class BrowserPeer {
  readonly received: ReceivedPacket[] = [];
  private sequence = 1000;
  private timestamp = 5000;
  private constructor(
    readonly pc: Pc,
    readonly transceiver: RTCRtpTransceiver,
  ) {
    transceiver.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((p) =>
        this.received.push({
          payloadType: p.header.payloadType,
          payload: Buffer.from(p.payload),
          at: performance.now(),
        }),
      ),
    );
  }

  /** Makes the offer on `port` (its own range, so tests do not collide); returns the peer and the offer SDP. */
  static async offer(port: number, codecs = g711Codecs()): Promise<{ peer: BrowserPeer; offerSdp: string }> {
    const pc = new RTCPeerConnection({
      codecs: { audio: codecs, video: [] },
      iceServers: [],
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      icePortRange: [port, port + 1],
    });
    const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
    const peer = new BrowserPeer(pc, transceiver);
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.iceGatheringState !== 'complete')
      await pc.iceGatheringStateChange.watch((s) => s === 'complete', 5000);
    return { peer, offerSdp: pc.localDescription?.sdp ?? '' };
  }

  async accept(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  async connected(timeoutMs = 5000): Promise<void> {
    if (this.pc.connectionState === 'connected') return;
    await this.pc.connectionStateChange.watch((s) => s === 'connected', timeoutMs);
  }

  /** Sends G.711 bytes as 20 ms packets, paced in real time; resolves after the last. */
  async play(payloadType: number, g711: Uint8Array): Promise<void> {
    for (let at = 0; at + 160 <= g711.length; at += 160) {
      const header = {
        marker: at === 0,
        payloadType,
        sequence: this.sequence++ & 0xffff,
        timestamp: this.timestamp,
        ssrc: 0x1234,
      };
      this.timestamp += 160;
      await this.transceiver.sender.sendRtp(encodeRtp(header, g711.subarray(at, at + 160)));
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The audio received with `payloadType`, decoded. */
  heard(law: G711Codec, payloadType: number): Int16Array {
    const bytes = Buffer.concat(
      this.received.filter((r) => r.payloadType === payloadType).map((r) => r.payload),
    );
    return decodeG711(law, bytes);
  }

  close(): Promise<void> {
    return this.pc.close();
  }
}
