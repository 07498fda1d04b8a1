/**
 * Opens the UDP socket of a call on a port of the pool. A port another program holds is given back
 * (it goes to the end of the queue) and the next one is tried, a few times at most.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mediaErrors } from './errors.js';
import type { RtpPortPool } from './port-pool.js';

const maxAttempts = 8;

export interface BoundRtpSocket {
  socket: Socket;
  port: number;
}

/** Binds a UDP socket on bindHost to a port of the pool; the caller releases the port after closing it. */
export async function bindRtpSocket(pool: RtpPortPool, bindHost: string): Promise<BoundRtpSocket> {
  let lastError: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const port = pool.acquire();
    try {
      return { socket: await bindUdp(port, bindHost), port };
    } catch (err) {
      pool.release(port);
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
      lastError = err;
    }
  }
  throw mediaErrors.MediaPortsExhausted(`no free RTP port on ${bindHost} after ${maxAttempts} attempts`, {
    cause: lastError,
  });
}

function bindUdp(port: number, host: string): Promise<Socket> {
  const socket = createSocket({ type: 'udp4' });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind({ port, address: host, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
