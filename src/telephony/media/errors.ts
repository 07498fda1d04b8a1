import { defineErrors } from '../../shared/errors.js';

/**
 * Error codes of the media plane (docs/errors.md must list them). `details.sipStatus` says what
 * the SIP side should answer when the error comes from an offer (RFC 3261 §21.4.26: 488 Not
 * Acceptable Here when the session description cannot be accepted).
 */
export const mediaErrors = defineErrors({
  MediaSdpInvalid: {
    status: 400,
    description: 'The session description is malformed, too large or names an unusable address or port.',
  },
  MediaNoCommonCodec: {
    status: 422,
    description: 'The offer has no audio stream with PCMU or PCMA at 8 kHz; the call is answered 488.',
  },
  MediaPortsExhausted: {
    status: 503,
    description:
      'Every RTP port of the configured range is in use; widen media.portRange or take fewer calls.',
  },
  MediaSessionClosed: {
    status: 409,
    description: 'The call media was already closed (the call ended) when the operation was asked for.',
  },
  MediaBusy: {
    status: 409,
    description:
      'The call media is doing something that excludes the request (bridged, or already recording).',
  },
  MediaDtmfUnsupported: {
    status: 409,
    description:
      'The peer did not negotiate RFC 4733 telephone-event, so DTMF cannot be sent in RTP (use SIP INFO).',
  },
  MediaPromptUnreadable: {
    status: 422,
    description: 'A prompt file is missing or is not a WAV file Hotline can convert; the message says which.',
  },
  MediaTtsUnavailable: {
    status: 503,
    description: 'Text to speech needs espeak-ng, which is not installed (apt-get install espeak-ng).',
  },
  MediaTtsFailed: {
    status: 500,
    description: 'espeak-ng failed or timed out while speaking a text; the message gives its exit status.',
  },
});
