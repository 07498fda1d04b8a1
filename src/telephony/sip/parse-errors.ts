/**
 * The catalogue of reasons a SIP message is refused by the parser. Each code has the status
 * that answers a request refused for it (RFC 3261 §21) and the reason phrase to send; "{header}"
 * is replaced by the name of the offending header field. Parse failures are values, not thrown
 * API errors: they never reach the HTTP API, so they are not in the shared error catalogue.
 */
export const SIP_PARSE_ERRORS = {
  EmptyMessage: {
    status: 400,
    phrase: 'Empty Message',
    description: 'Nothing but CRLF, or no bytes at all.',
  },
  MessageTooLarge: {
    status: 513,
    phrase: 'Message Too Large',
    description: 'Larger than limits.maxMessageBytes.',
  },
  TooManyHeaders: {
    status: 513,
    phrase: 'Too Many Header Fields',
    description: 'More than limits.maxHeaderFields.',
  },
  LineTooLong: {
    status: 513,
    phrase: 'Line Too Long',
    description: 'A line longer than limits.maxLineLength.',
  },
  HeaderValueTooLong: {
    status: 513,
    phrase: '{header} Too Long',
    description: 'An unfolded header value longer than limits.maxHeaderValueLength.',
  },
  TooManyVias: {
    status: 513,
    phrase: 'Too Many Via Values',
    description: 'More than limits.maxViaValues Via values.',
  },
  InvalidUtf8: {
    status: 400,
    phrase: 'Invalid UTF-8',
    description: 'The header section is not valid UTF-8.',
  },
  BadLineEnding: {
    status: 400,
    phrase: 'Bad Line Ending',
    description: 'A bare CR or LF in the header section (§7).',
  },
  MissingEmptyLine: {
    status: 400,
    phrase: 'Missing Empty Line',
    description: 'The header section does not end with an empty line (§7).',
  },
  BadStartLine: {
    status: 400,
    phrase: 'Malformed Start Line',
    description: 'Request-Line or Status-Line syntax (§7.1, §7.2).',
  },
  VersionNotSupported: {
    status: 505,
    phrase: 'Version Not Supported',
    description: 'SIP-Version other than SIP/2.0 (§21.5.7).',
  },
  BadStatusCode: {
    status: 400,
    phrase: 'Invalid Status Code',
    description: 'Status-Code is not three digits from 100 to 699.',
  },
  BadRequestUri: {
    status: 400,
    phrase: 'Invalid Request-URI',
    description: 'Request-URI syntax, or headers in it (§19.1.1).',
  },
  UriTooLong: {
    status: 414,
    phrase: 'Request-URI Too Long',
    description: 'Request-URI longer than limits.maxUriLength.',
  },
  UnsupportedUriScheme: {
    status: 416,
    phrase: 'Unsupported URI Scheme',
    description: 'A Request-URI scheme outside options.requestUriSchemes (§8.2.2.1).',
  },
  BadHeaderLine: {
    status: 400,
    phrase: 'Malformed Header Field',
    description: 'No colon, a bad name, or a fold with nothing to continue.',
  },
  BadHeaderValue: {
    status: 400,
    phrase: 'Invalid {header}',
    description: 'A header value that does not match its grammar (§25.1).',
  },
  DuplicateHeader: {
    status: 400,
    phrase: 'Duplicate {header}',
    description: 'A single-valued header field appears twice (§7.3.1).',
  },
  MissingHeader: {
    status: 400,
    phrase: 'Missing {header}',
    description: 'A mandatory header field is absent (§8.1.1).',
  },
  CSeqMethodMismatch: {
    status: 400,
    phrase: 'CSeq Method Mismatch',
    description: 'CSeq method differs from the request method (§8.1.1.5).',
  },
  ContentLengthExceedsMessage: {
    status: 400,
    phrase: 'Content-Length Exceeds Message',
    description: 'On a datagram, Content-Length claims more bytes than arrived (§18.3).',
  },
  MissingContentLength: {
    status: 400,
    phrase: 'Missing Content-Length',
    description: 'Content-Length is mandatory on stream transports (§18.3, §20.14).',
  },
  ContentLengthMismatch: {
    status: 400,
    phrase: 'Content-Length Mismatch',
    description: 'On a stream transport, the framed body is not Content-Length bytes.',
  },
} as const satisfies Record<string, { status: number; phrase: string; description: string }>;

export type SipParseErrorCode = keyof typeof SIP_PARSE_ERRORS;

/** Why a message was refused. `detail` is for logs; code on `code`, never on text. */
export interface SipParseError {
  readonly code: SipParseErrorCode;
  /** Status of the response that refuses a request for this reason. */
  readonly status: number;
  /** Reason phrase for that response, e.g. "Invalid CSeq". */
  readonly reason: string;
  /** The header field at fault, in its canonical name, when there is one. */
  readonly header: string | undefined;
  readonly detail: string;
}

/** Thrown inside the parser (and by the exported header parsers) on a grammar violation. */
export class SipSyntaxError extends Error {
  readonly code: SipParseErrorCode;
  header: string | undefined;

  constructor(detail: string, code: SipParseErrorCode = 'BadHeaderValue', header?: string) {
    super(detail);
    this.name = 'SipSyntaxError';
    this.code = code;
    this.header = header;
  }

  toParseError(): SipParseError {
    return sipParseError(this.code, this.message, this.header);
  }
}

export function sipParseError(code: SipParseErrorCode, detail: string, header?: string): SipParseError {
  const def = SIP_PARSE_ERRORS[code];
  // A header name is a token, so safe in a Reason-Phrase; an absurdly long one is cut.
  const reason = def.phrase.replace('{header}', header === undefined ? 'Header Field' : header.slice(0, 64));
  return { code, status: def.status, reason, header, detail };
}

/** Throws a SipSyntaxError; typed `never` so that callers read as a guard. */
export function fail(detail: string, code?: SipParseErrorCode, header?: string): never {
  throw new SipSyntaxError(detail, code, header);
}
