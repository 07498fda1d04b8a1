import { defineErrors } from '../../shared/errors.js';

/**
 * Error codes of the browser softphone's media (docs/errors.md lists them). A leg's other refusals
 * reuse the media plane's: MediaBusy (answered twice, already bridged), MediaSessionClosed,
 * MediaPortsExhausted.
 */
export const webrtcErrors = defineErrors({
  WebRtcOfferInvalid: {
    status: 400,
    description:
      "The browser's WebRTC offer is malformed, too large, or not one DTLS-SRTP audio stream (sendrecv, rtcp-mux, ICE credentials, fingerprint).",
  },
  WebRtcNoCommonCodec: {
    status: 422,
    description:
      'The browser offered neither PCMU nor PCMA at 8 kHz, which the softphone needs (no transcoding).',
  },
});
