import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { commonErrors } from '../shared/errors.js';

/**
 * Hotline's configuration, read in one place: defaults ← config file ← environment ← command-line
 * flags. Every key is documented in docs/configuration.md (a test keeps the two in step).
 */
export const configSchema = z.strictObject({
  http: z
    .strictObject({
      host: z.string().default('127.0.0.1').describe('Address the HTTP API listens on.'),
      port: z
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(8080)
        .describe('Port of the HTTP API (0 picks a free one).'),
      bodyLimitBytes: z
        .number()
        .int()
        .positive()
        .default(6 * 1024 * 1024)
        .describe('Largest accepted request body (function code uploads, events).'),
    })
    .prefault({}),
  auth: z
    .strictObject({
      sessionHours: z
        .number()
        .positive()
        .max(24 * 90)
        .default(12)
        .describe('How long a console session (password sign-in) lasts.'),
      signInMaxFailures: z
        .number()
        .int()
        .min(1)
        .default(5)
        .describe('Failed password sign-ins from one address before it is locked out.'),
      signInLockoutMinutes: z
        .number()
        .positive()
        .default(15)
        .describe('How long failures are counted, and how long a lockout lasts.'),
    })
    .prefault({}),
  dataDir: z
    .string()
    .default('./data')
    .describe('Folder for the SQLite database, function code, recordings and the root key.'),
  databaseUrl: z
    .string()
    .optional()
    .describe('postgres://… to keep data in PostgreSQL instead of the embedded SQLite database.'),
  log: z
    .strictObject({
      level: z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info')
        .describe('Server log level.'),
    })
    .prefault({}),
  regions: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]+$/),
        name: z.string(),
      }),
    )
    .min(1)
    .default([
      { id: 'cn-hangzhou', name: '华东1（杭州） East China 1 (Hangzhou)' },
      { id: 'cn-shanghai', name: '华东2（上海） East China 2 (Shanghai)' },
      { id: 'cn-beijing', name: '华北2（北京） North China 2 (Beijing)' },
      { id: 'cn-shenzhen', name: '华南1（深圳） South China 1 (Shenzhen)' },
    ])
    .describe('Regions offered by the function service.'),
  functions: z
    .strictObject({
      sandbox: z
        .enum(['bwrap', 'unsandboxed'])
        .default('bwrap')
        .describe(
          "How function instances are isolated. 'unsandboxed' is an explicit opt-in for machines without bubblewrap.",
        ),
      bwrapPath: z.string().default('/usr/bin/bwrap').describe('The bubblewrap executable.'),
      maxCodeBytes: z
        .number()
        .int()
        .positive()
        .default(50 * 1024 * 1024)
        .describe('Largest unpacked code of one function version.'),
      maxPayloadBytes: z
        .number()
        .int()
        .positive()
        .default(6 * 1024 * 1024)
        .describe('Largest invocation event.'),
      defaultTimeoutSeconds: z
        .number()
        .positive()
        .default(3)
        .describe('Timeout of a function created without one.'),
      maxTimeoutSeconds: z
        .number()
        .positive()
        .default(600)
        .describe('Largest timeout a function may ask for.'),
      defaultMemoryMb: z
        .number()
        .int()
        .positive()
        .default(128)
        .describe('Memory limit of a function created without one.'),
      maxMemoryMb: z
        .number()
        .int()
        .positive()
        .default(3072)
        .describe('Largest memory limit a function may ask for.'),
      prestartedRunners: z
        .number()
        .int()
        .min(0)
        .default(2)
        .describe('Pre-started runners kept ready per runtime.'),
      maxInstances: z
        .number()
        .int()
        .positive()
        .default(64)
        .describe('Most function instances alive at once.'),
      idleInstanceSeconds: z
        .number()
        .positive()
        .default(300)
        .describe('How long an idle warm instance is kept.'),
      logRetentionDays: z.number().int().positive().default(7).describe('How long invocation logs are kept.'),
    })
    .prefault({}),
  sip: z
    .strictObject({
      listen: z
        .array(
          z.strictObject({
            transport: z.enum(['udp', 'tcp']),
            host: z.string().default('127.0.0.1'),
            port: z.number().int().min(0).max(65535).default(5060),
          }),
        )
        .default([
          { transport: 'udp', host: '127.0.0.1', port: 5060 },
          { transport: 'tcp', host: '127.0.0.1', port: 5060 },
        ])
        .describe('SIP listening sockets. An empty list turns telephony off.'),
      advertisedHost: z
        .string()
        .optional()
        .describe('Host or address put in Via/Contact/SDP when it differs from the listening address (NAT).'),
      trunks: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            addresses: z
              .array(z.string())
              .default([])
              .describe('Source addresses or CIDR ranges calls may come from.'),
            username: z.string().optional().describe('Digest authentication user (with password).'),
            password: z.string().optional(),
          }),
        )
        .default([{ name: 'loopback', addresses: ['127.0.0.0/8', '::1/128'] }])
        .describe(
          "Where inbound calls may come from. From any other source, INVITE and OPTIONS are challenged (401) and only an agent's phone that authenticates gets through (to its own instance's numbers); the rest get 403.",
        ),
      outboundTrunk: z
        .string()
        .regex(/^sip:[A-Za-z0-9.:[\]-]+(;transport=(udp|tcp))?$/, {
          message: "the outbound trunk is a SIP URI without user, e.g. 'sip:carrier.example:5060'",
        })
        .optional()
        .describe('Where transfers to external numbers are sent (sip:host:port); none: such transfers fail.'),
      outboundAuth: z
        .strictObject({ username: z.string().min(1), password: z.string().min(1) })
        .optional()
        .describe(
          "Digest credentials for the outbound trunk: Hotline answers the carrier's 401/407 with them.",
        ),
      realm: z
        .string()
        .regex(/^[A-Za-z0-9.-]{1,64}$/)
        .default('hotline')
        .describe("Digest realm of the registrar; agents' passwords must be set again after changing it."),
      registrar: z
        .strictObject({
          minExpires: z
            .number()
            .int()
            .min(10)
            .default(60)
            .describe('Shortest registration accepted (s); 423 below.'),
          maxExpires: z.number().int().min(60).default(3600).describe('Longest registration granted (s).'),
          algorithms: z
            .array(z.enum(['SHA-256', 'MD5']))
            .min(1)
            .default(['MD5'])
            .describe('Digest algorithms offered to phones, preferred first.'),
          maxContacts: z
            .number()
            .int()
            .min(1)
            .max(100)
            .default(10)
            .describe('Phones one agent may register.'),
          lockoutFailures: z
            .number()
            .int()
            .min(1)
            .default(5)
            .describe('Failed authentications from one address before it is locked out.'),
          lockoutWindowSeconds: z
            .number()
            .int()
            .min(1)
            .default(600)
            .describe('Window in which failures count; the lockout lasts until they age out of it.'),
        })
        .prefault({}),
      maxConcurrentCalls: z
        .number()
        .int()
        .positive()
        .default(2000)
        .describe('Beyond this many calls, new INVITEs are answered 503 with Retry-After.'),
      udpThread: z
        .enum(['worker', 'main'])
        .default('worker')
        .describe(
          "Where the SIP UDP socket is read: 'worker', a thread of its own that answers a new INVITE's 100 Trying at once, or 'main', the event loop of call control and the API.",
        ),
    })
    .prefault({}),
  media: z
    .strictObject({
      bindHost: z.string().default('127.0.0.1').describe('Address RTP sockets bind to.'),
      rtpPortMin: z.number().int().min(1024).max(65534).default(20000).describe('First RTP port (even).'),
      rtpPortMax: z.number().int().min(1025).max(65535).default(29999).describe('Last RTP port.'),
      thread: z
        .enum(['worker', 'main'])
        .default('worker')
        .describe(
          "Where the media plane runs (RTP, prompts, recording, bridges, the browsers' WebRTC legs): 'worker', a thread of its own, or 'main', the event loop of SIP and the API.",
        ),
    })
    .prefault({}),
  webrtc: z
    .strictObject({
      bindHost: z
        .string()
        .default('127.0.0.1')
        .describe("IPv4 address the browsers' WebRTC legs (ICE, DTLS-SRTP) bind to."),
      advertisedAddress: z
        .string()
        .optional()
        .describe(
          "The address browsers are given as the legs' one ICE candidate (default bindHost; required with 0.0.0.0).",
        ),
      portMin: z
        .number()
        .int()
        .min(1024)
        .max(65534)
        .default(30000)
        .describe('First UDP port of the WebRTC legs (one even port a leg).'),
      portMax: z
        .number()
        .int()
        .min(1025)
        .max(65535)
        .default(30999)
        .describe('Last UDP port of the WebRTC legs.'),
    })
    .prefault({}),
  workbench: z
    .strictObject({
      reconnectGraceSeconds: z
        .number()
        .int()
        .min(1)
        .max(600)
        .default(30)
        .describe(
          'How long a closed workbench page may take to come back before its agent is logged out, or before a call whose browser audio was lost ends.',
        ),
    })
    .prefault({}),
  demo: z
    .strictObject({
      enabled: z
        .boolean()
        .default(false)
        .describe('Create the demo account, function and flow at start (what `npm start` does).'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variables and the config keys they set. */
const environmentKeys: Record<string, { path: string[]; type: 'string' | 'number' | 'boolean' }> = {
  HOTLINE_HOST: { path: ['http', 'host'], type: 'string' },
  HOTLINE_PORT: { path: ['http', 'port'], type: 'number' },
  HOTLINE_DATA_DIR: { path: ['dataDir'], type: 'string' },
  DATABASE_URL: { path: ['databaseUrl'], type: 'string' },
  HOTLINE_LOG_LEVEL: { path: ['log', 'level'], type: 'string' },
  HOTLINE_SANDBOX: { path: ['functions', 'sandbox'], type: 'string' },
  HOTLINE_DEMO: { path: ['demo', 'enabled'], type: 'boolean' },
};

export function describeEnvironment(): string[] {
  return [...Object.keys(environmentKeys), 'HOTLINE_SIP_LISTEN'];
}

export interface LoadConfigOptions {
  /** Path of a YAML or JSON config file; HOTLINE_CONFIG or ./hotline.yaml when absent. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags (highest precedence). */
  overrides?: ConfigInput;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file =
    options.file ?? env['HOTLINE_CONFIG'] ?? (existsSync('hotline.yaml') ? 'hotline.yaml' : undefined);
  let merged: Record<string, unknown> = {};
  if (file) merged = readConfigFile(file);
  merged = deepMerge(merged, fromEnvironment(env));
  if (options.overrides) merged = deepMerge(merged, options.overrides as Record<string, unknown>);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw commonErrors.ValidationFailed(
      `invalid configuration${file ? ` (${file})` : ''}: ${problems.join('; ')}`,
      {
        details: { problems },
      },
    );
  }
  const config = parsed.data;
  config.dataDir = resolve(config.dataDir);
  return config;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw commonErrors.ValidationFailed(`cannot read config file ${file}`, { cause });
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (cause) {
    throw commonErrors.ValidationFailed(
      `config file ${file} is not valid YAML/JSON: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw commonErrors.ValidationFailed(`config file ${file} must hold a mapping of keys`);
  }
  return value as Record<string, unknown>;
}

/** HOTLINE_SIP_LISTEN: "off", or a comma-separated list of transport:host:port (udp:0.0.0.0:5060). */
function sipListenFrom(raw: string): unknown {
  if (raw.trim() === 'off') return [];
  return raw.split(',').map((entry) => {
    const m = /^(udp|tcp):(.+):(\d+)$/.exec(entry.trim());
    return m ? { transport: m[1], host: m[2], port: Number(m[3]) } : { invalid: entry };
  });
}

function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sipListen = env['HOTLINE_SIP_LISTEN'];
  if (sipListen) setPath(out, ['sip', 'listen'], sipListenFrom(sipListen));
  for (const [name, { path, type }] of Object.entries(environmentKeys)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let value: unknown = raw;
    if (type === 'number') value = Number(raw);
    if (type === 'boolean') value = ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase());
    setPath(out, path, value);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]!] = value;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const prev = out[key];
    if (isPlainObject(prev) && isPlainObject(value)) out[key] = deepMerge(prev, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
