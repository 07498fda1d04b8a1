/**
 * The page's side of a call's audio (docs/workbench-protocol.md §6): the microphone, one
 * RTCPeerConnection that offers audio to the server's WebRTC leg (no ICE servers, no trickle: the
 * offer goes out once gathering is done), and the remote audio played by an <audio> element.
 */
const GATHER_TIMEOUT_MS = 3000;

export class Softphone {
  private pc: RTCPeerConnection | undefined;
  private microphone: MediaStream | undefined;
  private readonly audio = new Audio();
  private closed = false;

  constructor(private readonly onConnectionState: (state: RTCPeerConnectionState) => void) {
    this.audio.autoplay = true;
  }

  /** Takes the microphone and makes the offer (complete, with its candidates). */
  async offer(): Promise<string> {
    this.microphone = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    if (this.closed) throw new Error('the call ended while the microphone was being opened');
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pc = pc;
    for (const track of this.microphone.getAudioTracks()) pc.addTrack(track, this.microphone);
    pc.ontrack = (e) => {
      this.audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void this.audio.play().catch(() => undefined);
    };
    pc.onconnectionstatechange = () => this.onConnectionState(pc.connectionState);
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringDone(pc);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('the browser made no offer');
    return sdp;
  }

  async accept(answerSdp: string): Promise<void> {
    await this.pc?.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  /** Mute is local: the track is disabled and the browser sends silence. */
  setMuted(muted: boolean): void {
    for (const track of this.microphone?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  /** The connection, for figures (getStats) and tests. */
  get connection(): RTCPeerConnection | undefined {
    return this.pc;
  }

  close(): void {
    this.closed = true;
    this.pc?.close();
    this.pc = undefined;
    for (const track of this.microphone?.getTracks() ?? []) track.stop();
    this.microphone = undefined;
    this.audio.srcObject = null;
  }
}

function gatheringDone(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, GATHER_TIMEOUT_MS);
    function done() {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    }
    function check() {
      if (pc.iceGatheringState === 'complete') done();
    }
    pc.addEventListener('icegatheringstatechange', check);
  });
}
