/**
 * The part of `ws` (the WebSocket library under @fastify/websocket, which ships no types of its
 * own here) that Hotline and its tests use.
 */
declare module 'ws' {
  import { EventEmitter } from 'node:events';
  import type { IncomingMessage } from 'node:http';

  class WebSocket extends EventEmitter {
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    static readonly CLOSING: 2;
    static readonly CLOSED: 3;
    constructor(
      address: string,
      protocols?: string | string[],
      options?: { headers?: Record<string, string>; handshakeTimeout?: number },
    );
    readonly readyState: 0 | 1 | 2 | 3;
    /** The subprotocol the server chose ('' when none). */
    readonly protocol: string;
    readonly bufferedAmount: number;
    send(data: string | Buffer, callback?: (err?: Error) => void): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    on(event: 'open', listener: () => void): this;
    on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'unexpected-response', listener: (req: unknown, res: IncomingMessage) => void): this;
    once(event: 'open', listener: () => void): this;
    once(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
    once(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    once(event: 'error', listener: (err: Error) => void): this;
    once(event: 'unexpected-response', listener: (req: unknown, res: IncomingMessage) => void): this;
  }

  interface ServerOptions {
    maxPayload?: number;
    handleProtocols?: (protocols: Set<string>, request: IncomingMessage) => string | false;
  }

  class Server extends EventEmitter {
    constructor(options: ServerOptions);
    readonly clients: Set<WebSocket>;
    close(callback?: (err?: Error) => void): void;
  }

  export { Server, Server as WebSocketServer, type ServerOptions, WebSocket };
  export default WebSocket;
}
