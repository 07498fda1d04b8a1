/**
 * A tiny reader of classic pcap files (libpcap format: 24-byte global header, 16-byte record
 * headers) holding Ethernet/IPv4/UDP packets, as sipp's RFC 4733 digit recordings are: returns each
 * UDP payload with its capture time.
 */
import { readFileSync } from 'node:fs';

export interface CapturedDatagram {
  /** Capture time in ms since the first packet. */
  atMs: number;
  payload: Buffer;
}

export function readPcapUdp(path: string): CapturedDatagram[] {
  const file = readFileSync(path);
  const magic = file.readUInt32LE(0);
  if (magic !== 0xa1b2c3d4) throw new Error(`${path}: not a little-endian microsecond pcap file`);
  const linkType = file.readUInt32LE(20);
  if (linkType !== 1) throw new Error(`${path}: link type ${linkType} is not Ethernet`);
  const out: CapturedDatagram[] = [];
  let first: number | undefined;
  for (let at = 24; at + 16 <= file.length; ) {
    const seconds = file.readUInt32LE(at);
    const micros = file.readUInt32LE(at + 4);
    const length = file.readUInt32LE(at + 8);
    const frame = file.subarray(at + 16, at + 16 + length);
    at += 16 + length;
    if (frame.readUInt16BE(12) !== 0x0800) continue; // not IPv4
    const ip = frame.subarray(14);
    if (ip[9] !== 17) continue; // not UDP
    const udp = ip.subarray((ip[0]! & 0x0f) * 4);
    const time = seconds * 1000 + micros / 1000;
    first ??= time;
    out.push({ atMs: time - first, payload: Buffer.from(udp.subarray(8, udp.readUInt16BE(4))) });
  }
  return out;
}
