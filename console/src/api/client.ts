/**
 * The HTTP client of the console: same origin, `Authorization: Bearer <key>`, and errors as the
 * API's `{code, message}` (shown to the user verbatim).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Body = string | Blob | ArrayBuffer | object;

export interface RequestOptions {
  body?: Body;
  /** Content type of a text or binary body (JSON bodies set their own). */
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** The raw response (audio, exports); throws ApiError when it is not 2xx. */
  fetchRaw(path: string, options?: RequestOptions & { method?: string }): Promise<Response>;
  get<T>(path: string, query?: RequestOptions['query']): Promise<T>;
  post<T>(path: string, body?: Body): Promise<T>;
  put<T>(path: string, body?: Body): Promise<T>;
  patch<T>(path: string, body?: Body): Promise<T>;
  del(path: string): Promise<void>;
}

/** Builds a path from segments, escaping each one (names may hold Chinese, spaces, …). */
export function path(...segments: ReadonlyArray<string | number>): string {
  return segments.map((s, i) => (i === 0 ? String(s) : encodeURIComponent(String(s)))).join('/');
}

export function createApiClient(key: string, onUnauthenticated: () => void): ApiClient {
  async function fetchRaw(p: string, options: RequestOptions & { method?: string } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    let body: BodyInit | undefined;
    const b = options.body;
    if (typeof b === 'string' || b instanceof Blob || b instanceof ArrayBuffer) {
      body = b;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (b !== undefined) {
      body = JSON.stringify(b);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(withQuery(p, options.query), {
      method: options.method ?? 'GET',
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    if (!res.ok) {
      const error = await errorOf(res);
      if (res.status === 401) onUnauthenticated();
      throw error;
    }
    return res;
  }

  async function request<T>(method: string, p: string, options: RequestOptions = {}): Promise<T> {
    const res = await fetchRaw(p, { ...options, method });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    fetchRaw,
    get: (p, query) => request('GET', p, query ? { query } : {}),
    post: (p, body) => request('POST', p, body === undefined ? {} : { body }),
    put: (p, body) => request('PUT', p, body === undefined ? {} : { body }),
    patch: (p, body) => request('PATCH', p, body === undefined ? {} : { body }),
    del: (p) => request('DELETE', p),
  };
}

function withQuery(p: string, query: RequestOptions['query']): string {
  if (!query) return p;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `${p}?${s}` : p;
}

export async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const v = JSON.parse(text) as {
      code?: unknown;
      message?: unknown;
      details?: unknown;
      requestId?: unknown;
    };
    if (typeof v.code === 'string' && typeof v.message === 'string') {
      const details =
        typeof v.details === 'object' && v.details !== null
          ? (v.details as Record<string, unknown>)
          : undefined;
      return new ApiError(
        v.code,
        v.message,
        res.status,
        details,
        typeof v.requestId === 'string' ? v.requestId : undefined,
      );
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError(`HTTP${res.status}`, text || res.statusText || `HTTP ${res.status}`, res.status);
}

/** The message to show for anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
