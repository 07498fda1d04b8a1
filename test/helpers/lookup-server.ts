import { createServer, type Server } from 'node:http';

/**
 * A stand-in for the third-party number-lookup API the seed's function calls (the real one is on
 * the internet, which tests cannot reach). GET /?phone=… → {"province", "city"}.
 */
export interface LookupServer {
  url: string;
  requests: string[];
  /** Makes the next answers fail (500) or hang, to test failure paths. */
  mode: 'ok' | 'fail' | 'hang';
  close(): Promise<void>;
}

const table: Record<string, { province: string; city: string }> = {
  '13800138000': { province: '北京', city: '北京' },
  '01012345678': { province: '北京', city: '北京' },
  '031187654321': { province: '河北', city: '石家庄' },
  '02112345678': { province: '上海', city: '上海' },
};

export async function startLookupServer(): Promise<LookupServer> {
  const hanging = new Set<import('node:http').ServerResponse>();
  let mode: LookupServer['mode'] = 'ok';
  const state: LookupServer = {
    url: '',
    requests: [],
    get mode() {
      return mode;
    },
    // Leaving 'hang' releases the held requests, so a stalled call does not spill into later tests.
    set mode(next) {
      if (mode === 'hang' && next !== 'hang') {
        for (const res of hanging) res.destroy();
        hanging.clear();
      }
      mode = next;
    },
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const phone = url.searchParams.get('phone') ?? '';
    state.requests.push(phone);
    if (state.mode === 'hang') {
      hanging.add(res);
      return;
    }
    const hit = table[phone];
    if (state.mode === 'fail' || !hit) {
      res.writeHead(state.mode === 'fail' ? 500 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unknown number' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(hit));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/lookup`;
  state.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
