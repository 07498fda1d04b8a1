/**
 * What the browser softphone's media needs to know, with its defaults. The leg's ICE has one host
 * candidate (the advertised address, on a port of its own range) and no STUN or TURN server: the
 * browser must reach that address directly (same host, LAN or VPN).
 */
import { isIPv4 } from 'node:net';
import { type Clock, systemClock } from '../../shared/clock.js';
import type { G711Codec } from '../media/g711.js';
import { type MediaLogger, silentMediaLogger } from '../media/logger.js';
import type { PortRange } from '../media/port-pool.js';

export interface WebRtcOptions {
  /** UDP ports for ICE (one even port per leg, the odd one after it kept in reserve). */
  portRange: PortRange;
  /** The IPv4 address the legs' sockets bind to (default 127.0.0.1). */
  bindHost?: string;
  /** The address of the host candidate (default bindHost; required when bindHost is 0.0.0.0). */
  advertisedAddress?: string;
  /** The codecs a browser may choose from (default PCMU, PCMA); the browser's order decides. */
  codecs?: G711Codec[];
  /** A leg that is not connected this long after its answer closes ('connect-timeout'; default 10 s). */
  connectTimeoutMs?: number;
  /** A leg whose connection stays 'disconnected' this long closes ('disconnected'; default 5 s). */
  disconnectGraceMs?: number;
  /**
   * A connected leg that receives no RTP this long closes ('media-timeout'; default 15 s). Browsers
   * send a packet every 20 ms even when muted; without this, a vanished browser is noticed only by
   * ICE consent freshness (30 s, RFC 7675 §5.1).
   */
  mediaTimeoutMs?: number;
  /** Largest offer accepted (default 16 KiB). */
  maxOfferBytes?: number;
  /** Most ICE candidates taken from an offer (default 32; the rest are ignored). */
  maxCandidates?: number;
  clock?: Clock;
  logger?: MediaLogger;
}

export type ResolvedWebRtcOptions = Required<WebRtcOptions>;

export function resolveWebRtcOptions(options: WebRtcOptions): ResolvedWebRtcOptions {
  const bindHost = options.bindHost ?? '127.0.0.1';
  const advertisedAddress = options.advertisedAddress ?? bindHost;
  if (!isIPv4(bindHost)) throw new RangeError(`webrtc bindHost ${bindHost} must be an IPv4 address`);
  if (!isIPv4(advertisedAddress) || advertisedAddress === '0.0.0.0')
    throw new RangeError(
      'webrtc advertisedAddress must be a unicast IPv4 address (required with bindHost 0.0.0.0)',
    );
  const resolved: ResolvedWebRtcOptions = {
    portRange: options.portRange,
    bindHost,
    advertisedAddress,
    codecs: options.codecs ?? ['PCMU', 'PCMA'],
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    disconnectGraceMs: options.disconnectGraceMs ?? 5_000,
    mediaTimeoutMs: options.mediaTimeoutMs ?? 15_000,
    maxOfferBytes: options.maxOfferBytes ?? 16_384,
    maxCandidates: options.maxCandidates ?? 32,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentMediaLogger,
  };
  if (resolved.codecs.length === 0) throw new RangeError('webrtc codecs must name PCMU, PCMA or both');
  for (const key of [
    'connectTimeoutMs',
    'disconnectGraceMs',
    'mediaTimeoutMs',
    'maxOfferBytes',
    'maxCandidates',
  ] as const)
    if (!Number.isInteger(resolved[key]) || resolved[key] <= 0)
      throw new RangeError(`webrtc ${key} must be a positive integer`);
  return resolved;
}
