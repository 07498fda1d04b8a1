/**
 * The workbench page's side of its WebSocket (docs/workbench-protocol.md), for tests without a
 * browser: keeps every message and waits for the one a test expects.
 */
import assert from 'node:assert/strict';
import WebSocket from 'ws';

const PROTOCOL = 'hotline-workbench.v1';

export interface Message {
  type: string;
  [key: string]: unknown;
}

export const ofType =
  (type: string, extra: Record<string, unknown> = {}) =>
  (m: Message) =>
    m.type === type && Object.entries(extra).every(([k, v]) => m[k] === v);

export async function workbenchToken(
  url: string,
  body: { instance: string; loginName: string; password: string; account?: string },
): Promise<string> {
  const res = await fetch(`${url}/v1/workbench/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { token?: string };
  assert.equal(res.status, 201, JSON.stringify(json));
  return json.token!;
}

/** A page's socket. */
export class WorkbenchPage {
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Message);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(url: string, token: string): Promise<WorkbenchPage> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/workbench/ws`, [PROTOCOL, token]);
    const page = new WorkbenchPage(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        assert.equal(ws.protocol, PROTOCOL, 'the server selects the protocol, never the token');
        resolve(page);
      });
      ws.once('error', reject);
    });
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The next message (after `from`) that fits. */
  async next(test: (m: Message) => boolean, from = 0, timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(test);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such message; got ${JSON.stringify(this.messages.slice(from))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a message and waits for the first message of `type` it causes. */
  async ask(message: Record<string, unknown>, test: (m: Message) => boolean): Promise<Message> {
    const from = this.messages.length;
    this.send(message);
    return this.next(test, from);
  }
}
