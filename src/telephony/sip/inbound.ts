import type { SipLimits } from './limits.js';
import type { SipLogger } from './logger.js';
import type { SipRequest, SipResponse } from './message.js';
import { parseMessage } from './parser.js';
import { errorResponseFor } from './response.js';
import { serializeMessage } from './serializer.js';
import type { Flow, TransportReceiver } from './transport.js';
import { stampReceived } from './via-received.js';

export interface InboundOptions {
  readonly limits: SipLimits;
  /** Request-URI schemes served; others are refused with 416 (§8.2.2.1). */
  readonly requestUriSchemes: readonly string[];
  readonly logger: SipLogger;
  /** `trying`: the 100 Trying the transport already sent for this INVITE. */
  readonly onRequest: (request: SipRequest, source: Flow, trying: Buffer | undefined) => void;
  readonly onResponse: (response: SipResponse, source: Flow) => void;
  /** Sends bytes back along the flow a message came on. */
  readonly reply: (bytes: Buffer, flow: Flow) => void;
}

/**
 * What every transport does with a message it read (§18.3, §18.2.1, §18.1.2): parse it; a
 * malformed request is answered statelessly with errorResponseFor() when that gives a response
 * (sent back to where it came from, since its Via may be what is broken) and is otherwise
 * dropped, as is a malformed response; a good request gets received/rport in its top Via, and
 * goes up to the transaction layer with the response.
 */
export function createInbound(o: InboundOptions): TransportReceiver {
  const parseOptions = { limits: o.limits, requestUriSchemes: o.requestUriSchemes } as const;
  const udp = { ...parseOptions, transport: 'udp' } as const;
  const tcp = { ...parseOptions, transport: 'tcp' } as const;
  return (bytes, source, trying) => {
    const result = parseMessage(bytes, source.protocol === 'udp' ? udp : tcp);
    if (!result.ok) {
      const answer = errorResponseFor(result);
      o.logger.debug(
        {
          from: source.address,
          error: result.error.code,
          detail: result.error.detail,
          answered: answer?.status,
        },
        'SIP message refused',
      );
      if (answer !== null) o.reply(serializeMessage(answer), source);
      return;
    }
    const message = result.message;
    if (message.kind === 'request') o.onRequest(stampReceived(message, source), source, trying);
    else o.onResponse(message, source);
  };
}
