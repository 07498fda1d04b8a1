import assert from 'node:assert/strict';
import {
  type ParseFailure,
  type ParseOptions,
  parseMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../../../src/telephony/sip/index.js';
import { wire } from './samples.js';

export { wire };

const UDP: ParseOptions = { transport: 'udp' };

export function parseOk(message: string | Buffer, options: ParseOptions = UDP): SipMessage {
  const result = parseMessage(typeof message === 'string' ? wire(message) : message, options);
  if (!result.ok) assert.fail(`expected to parse, got ${result.error.code}: ${result.error.detail}`);
  return result.message;
}

export function parseRequest(message: string | Buffer, options: ParseOptions = UDP): SipRequest {
  const m = parseOk(message, options);
  assert.equal(m.kind, 'request');
  return m as SipRequest;
}

export function parseResponse(message: string | Buffer, options: ParseOptions = UDP): SipResponse {
  const m = parseOk(message, options);
  assert.equal(m.kind, 'response');
  return m as SipResponse;
}

export function parseFails(message: string | Buffer, options: ParseOptions = UDP): ParseFailure {
  const result = parseMessage(typeof message === 'string' ? wire(message) : message, options);
  if (result.ok) assert.fail('expected a parse failure');
  return result;
}

/** A minimal valid OPTIONS whose header lines can be swapped: `request({ To: 'x' })`. */
export function request(
  overrides: Record<string, string | null> = {},
  extra = '',
  startLine = 'OPTIONS sip:bob@example.com SIP/2.0',
): string {
  const base: Record<string, string | null> = {
    Via: 'SIP/2.0/UDP host.example.com;branch=z9hG4bKabc',
    'Max-Forwards': '70',
    To: '<sip:bob@example.com>',
    From: '<sip:alice@example.com>;tag=1',
    'Call-ID': 'c1@example.com',
    CSeq: '1 OPTIONS',
    'Content-Length': '0',
    ...overrides,
  };
  let text = `${startLine}\n`;
  for (const [name, value] of Object.entries(base)) if (value !== null) text += `${name}: ${value}\n`;
  return `${text}${extra}\n`;
}
