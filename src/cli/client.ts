import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** An error answer of the API, as the CLI shows it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  url?: string | undefined;
  key?: string | undefined;
  data?: string | undefined;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * The CLI's door to the HTTP API (the CLI never touches the database). The key comes from --key,
 * HOTLINE_API_KEY, or the root key file of a local data folder.
 */
export class ApiClient {
  readonly baseUrl: string;
  private readonly key: string | undefined;

  constructor(options: ClientOptions) {
    this.baseUrl = (options.url ?? process.env['HOTLINE_URL'] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
    this.key = options.key || process.env['HOTLINE_API_KEY'] || readLocalKey(options.data);
  }

  async raw(
    method: string,
    path: string,
    body?: Buffer | string,
    contentType?: string,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {};
    if (this.key) headers['authorization'] = `Bearer ${this.key}`;
    if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch (cause) {
      throw new ApiError(
        0,
        'ConnectionFailed',
        `cannot reach Hotline at ${this.baseUrl} (${(cause as Error).cause ?? (cause as Error).message}); is \`hotline serve\` running? (--url / HOTLINE_URL)`,
      );
    }
    const buf = Buffer.from(await res.arrayBuffer());
    if (res.status >= 400) {
      let parsed: { code?: string; message?: string; details?: unknown } = {};
      try {
        parsed = JSON.parse(buf.toString('utf8')) as typeof parsed;
      } catch {
        parsed = { message: buf.toString('utf8') };
      }
      throw new ApiError(
        res.status,
        parsed.code ?? 'Error',
        parsed.message ?? `HTTP ${res.status}`,
        parsed.details,
      );
    }
    return { status: res.status, headers: res.headers, body: buf };
  }

  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.raw(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (res.body.length === 0) return undefined as T;
    return JSON.parse(res.body.toString('utf8')) as T;
  }
}

function readLocalKey(data: string | undefined): string | undefined {
  const file = join(resolve(data ?? process.env['HOTLINE_DATA_DIR'] ?? './data'), 'root-api-key');
  if (!existsSync(file)) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}
