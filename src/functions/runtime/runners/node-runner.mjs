// Runs one user function in its own process (inside the sandbox). Plain JavaScript, read by the
// server from the source tree. It starts generic (no function yet), warms itself up, says READY,
// then gets one PING (answered PONG), one LOAD with the function's handler and environment, then
// one INVOKE at a time.
//
// Wire format (same as src/functions/runtime/frame-codec.ts): frames on fd 3 (from the server)
// and fd 4 (to the server): u32 BE length | u8 kind | u32 BE header length | JSON header | body.
//
// Logs: console.* and context.logger lines get the prefix `<ISO time> <requestId> [LEVEL] `;
// raw writes to process.stdout/stderr are passed through as written. Both are sent as LOG frames
// on fd 4 as they happen, so they stay in order with the RESULT and survive a kill.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

const FROM_SERVER_FD = 3;
const TO_SERVER_FD = 4;
const Kind = { Load: 1, Invoke: 2, Ping: 3, Ready: 10, Loaded: 11, Log: 12, Result: 13, Pong: 14 };
const EMPTY = Buffer.alloc(0);
const NO_REQUEST = '-';
const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

const codeDir = process.argv[2] ?? '/code';
const warmUpDir = join(dirname(fileURLToPath(import.meta.url)), 'warm-up');
const runtimeEnv = { ...process.env };
const realStdoutWrite = process.stdout.write.bind(process.stdout);

let config; // the LOAD header
let handler;
let currentRequestId = NO_REQUEST;
let currentInvocation; // { requestId, finish } while a handler runs
const logWindow = { bytes: 0, truncated: false, limit: 1024 * 1024 };

// ---- frames ----------------------------------------------------------------------------------

function sendFrame(kind, header, body = EMPTY) {
  const headerBytes = header === undefined ? EMPTY : Buffer.from(JSON.stringify(header));
  const prefix = Buffer.allocUnsafe(9);
  prefix.writeUInt32BE(5 + headerBytes.length + body.length, 0);
  prefix[4] = kind;
  prefix.writeUInt32BE(headerBytes.length, 5);
  const frame = Buffer.concat([prefix, headerBytes, body]);
  let written = 0;
  while (written < frame.length) written += writeSync(TO_SERVER_FD, frame, written);
}

function startReading(onFrame) {
  let pending = EMPTY;
  const input = new Socket({ fd: FROM_SERVER_FD, readable: true, writable: false });
  input.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
      const length = pending.readUInt32BE(0);
      const headerLength = pending.readUInt32BE(5);
      const header = JSON.parse(pending.toString('utf8', 9, 9 + headerLength));
      onFrame(pending[4], header, pending.subarray(9 + headerLength, 4 + length));
      pending = pending.subarray(4 + length);
    }
  });
  // The server closed its end: nothing more will come.
  input.on('end', () => process.exit(0));
}

// ---- logs ------------------------------------------------------------------------------------

function emitLog(text) {
  const bytes =
    typeof text === 'string' ? Buffer.from(text) : Buffer.from(text.buffer, text.byteOffset, text.length);
  if (logWindow.bytes + bytes.length > logWindow.limit) {
    logWindow.truncated = true;
    return;
  }
  logWindow.bytes += bytes.length;
  sendFrame(Kind.Log, undefined, bytes);
}

function logLine(level, requestId, args) {
  emitLog(`${new Date().toISOString()} ${requestId} [${level}] ${format(...args)}\n`);
}

function captureStream(stream) {
  stream.write = (chunk, encoding, callback) => {
    emitLog(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}

function captureOutput() {
  captureStream(process.stdout);
  captureStream(process.stderr);
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => logLine(level, currentRequestId, args);
  }
}

function createLogger(requestId) {
  const at =
    (level) =>
    (...args) =>
      logLine(level, requestId, args);
  return { debug: at('DEBUG'), info: at('INFO'), log: at('INFO'), warn: at('WARN'), error: at('ERROR') };
}

// ---- values and errors -----------------------------------------------------------------------

function encodeValue(value) {
  if (value === undefined) return Buffer.from('null');
  if (typeof value === 'string') return Buffer.from(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  return Buffer.from(JSON.stringify(value) ?? 'null');
}

function describeError(err) {
  // Duck-typed: errors from other realms (vm contexts) are not instanceof Error.
  if (typeof err !== 'object' || err === null || typeof err.message !== 'string') {
    return { errorMessage: String(err), errorType: typeof err, stackTrace: [] };
  }
  const stack = typeof err.stack === 'string' ? err.stack.split('\n') : [];
  return {
    errorMessage: err.message,
    errorType: err.name,
    stackTrace: stack.filter((line) => line.trim() !== '' && !line.includes('node-runner.mjs')),
  };
}

function namedError(name, message) {
  const err = new Error(message);
  err.name = name;
  return err;
}

// ---- loading the function --------------------------------------------------------------------

function splitHandler(spec) {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0 || dot === spec.length - 1) {
    throw namedError('HandlerNotFound', `handler '${spec}' must look like 'file.export'`);
  }
  return { file: spec.slice(0, dot), exportName: spec.slice(dot + 1) };
}

function findModuleFile(file, baseDir) {
  const candidates = MODULE_EXTENSIONS.includes(extname(file))
    ? [file]
    : MODULE_EXTENSIONS.map((ext) => file + ext);
  const found = candidates.find((candidate) => existsSync(join(baseDir, candidate)));
  if (found === undefined) {
    throw namedError(
      'ImportModuleError',
      `Cannot find module '${file}' in /code (tried ${candidates.join(', ')})`,
    );
  }
  return join(baseDir, found);
}

function packageType(path, baseDir) {
  for (let dir = dirname(path); dir.startsWith(baseDir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type ?? 'commonjs';
    if (dir === baseDir) break;
  }
  return 'commonjs';
}

function isEsm(path, baseDir) {
  const ext = extname(path);
  return ext === '.mjs' || (ext === '.js' && packageType(path, baseDir) === 'module');
}

async function importExport(spec, baseDir) {
  const { file, exportName } = splitHandler(spec);
  const path = findModuleFile(file, baseDir);
  const esm = isEsm(path, baseDir);
  let exports;
  try {
    exports = esm ? await import(pathToFileURL(path).href) : createRequire(path)(path);
  } catch (err) {
    if (esm && err instanceof SyntaxError) await locateEsmSyntaxError(err, path);
    throw err;
  }
  const found = exports?.[exportName] ?? exports?.default?.[exportName];
  if (typeof found !== 'function') {
    throw namedError(
      'HandlerNotFound',
      `handler '${exportName}' is not exported by ${relative(baseDir, path)}`,
    );
  }
  return found;
}

// V8 keeps the file and line of an ES module's syntax error out of err.stack (Node only prints it
// when the error is fatal), so ask `node --check` which file fails. Only on this error path.
async function locateEsmSyntaxError(err, entry) {
  const files = [entry, ...listSources(codeDir)]
    .filter((file, i, all) => all.indexOf(file) === i)
    .slice(0, 8);
  const outputs = await Promise.all(files.map(checkSyntax));
  const failure = outputs.find((output) => output !== undefined);
  if (failure === undefined) return;
  const location = failure.split('\n')[0];
  err.stack = `${location}\n${err.stack}`;
  err.message = `${err.message} (at ${location})`;
}

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .map((entry) => ({ entry, dir: entry.parentPath ?? entry.path }))
    .filter(({ entry, dir }) => entry.isFile() && /\.m?js$/.test(entry.name) && !dir.includes('node_modules'))
    .map(({ entry, dir }) => join(dir, entry.name));
}

function checkSyntax(file) {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--check', file], { env: runtimeEnv }, (error, _stdout, stderr) => {
      resolve(error ? stderr : undefined);
    });
  });
}

function createContext(requestId, deadline) {
  return {
    requestId,
    accountId: config.accountId,
    region: config.region,
    service: config.service,
    function: config.function,
    logger: createLogger(requestId),
    getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
  };
}

function callWithCallback(fn, args) {
  return new Promise((resolve, reject) => {
    const callback = (err, value) => (err === null || err === undefined ? resolve(value) : reject(err));
    const returned = fn(...args, callback);
    if (typeof returned?.then === 'function') returned.then(resolve, reject);
  });
}

async function runInitializer(spec, baseDir) {
  const initialize = await importExport(spec, baseDir);
  const context = createContext(config.requestId, performance.now() + config.initializationTimeoutMs);
  await (initialize.length >= 2 ? callWithCallback(initialize, [context]) : initialize(context));
}

async function load(header, baseDir = codeDir) {
  config = header;
  logWindow.limit = header.logLimitBytes;
  currentRequestId = header.requestId;
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, runtimeEnv, header.environment);
  let phase = 'load';
  try {
    handler = await importExport(header.handler, baseDir);
    phase = 'init';
    if (header.initializer) await runInitializer(header.initializer, baseDir);
    sendFrame(Kind.Loaded, { ok: true });
  } catch (err) {
    sendFrame(Kind.Loaded, { ok: false, phase, error: describeError(err) });
  } finally {
    currentRequestId = NO_REQUEST;
  }
}

// ---- invoking --------------------------------------------------------------------------------

/** Calls the handler; returns a promise of the RESULT when the handler is asynchronous. */
function invoke(header, event) {
  const startedAt = performance.now();
  const context = createContext(header.requestId, startedAt + header.timeoutMs);
  let settled = false;
  const finish = (ok, value, fatal = false) => {
    if (settled) return;
    settled = true;
    sendResult(ok, value, performance.now() - startedAt, fatal);
  };
  currentRequestId = header.requestId;
  currentInvocation = { finish };
  logWindow.bytes = 0;
  let returned;
  try {
    returned = handler.length >= 3 ? callWithCallback(handler, [event, context]) : handler(event, context);
  } catch (err) {
    finish(false, err);
    return;
  }
  if (typeof returned?.then !== 'function') return finish(true, returned);
  return returned.then(
    (value) => finish(true, value),
    (err) => finish(false, err),
  );
}

function sendResult(ok, value, durationMs, fatal) {
  let body;
  try {
    body = ok ? encodeValue(value) : Buffer.from(JSON.stringify(describeError(value)));
  } catch (err) {
    ok = false;
    body = Buffer.from(JSON.stringify(describeError(err)));
  }
  if (ok && body.length > config.maxPayloadBytes) {
    ok = false;
    const message = `the result of ${body.length} bytes is larger than the limit of ${config.maxPayloadBytes} bytes`;
    body = Buffer.from(
      JSON.stringify({ errorMessage: message, errorType: 'ResultTooLarge', stackTrace: [] }),
    );
  }
  const header = {
    ok,
    durationMs,
    maxRssKb: process.resourceUsage().maxRSS,
    logTruncated: logWindow.truncated,
    fatal,
  };
  currentRequestId = NO_REQUEST;
  currentInvocation = undefined;
  logWindow.truncated = false;
  sendFrame(Kind.Result, header, body);
}

// An error nobody caught (a throw in a timer, an unhandled rejection) ends this runner, as it
// would end a plain Node process; the invocation running at that moment reports it.
process.on('uncaughtException', (err) => {
  if (currentInvocation) currentInvocation.finish(false, err, true);
  else logLine('ERROR', NO_REQUEST, ['Uncaught exception:', err]);
  process.exit(1);
});

function onFrame(kind, header, body) {
  if (kind === Kind.Invoke) invoke(header, body);
  else if (kind === Kind.Load) load(header);
  else if (kind === Kind.Ping) sendFrame(Kind.Pong, {});
  else realStdoutWrite(`node-runner: unexpected frame kind ${kind}\n`);
}

// A first call would otherwise pay for code V8 has not compiled yet (the CommonJS and ESM
// loaders, time zone data, util.inspect, this file's own paths): a few ms. So before READY the
// runner loads and calls two built-in functions; the server ignores frames sent before READY.
async function warmUp() {
  const header = {
    requestId: 'warm-up',
    initializer: null,
    initializationTimeoutMs: 1000,
    environment: {},
    memoryMb: 0,
    logLimitBytes: 4096,
    maxPayloadBytes: 4096,
    accountId: '',
    region: '',
    service: { name: '' },
    function: {},
  };
  for (const handlerName of ['cjs.handler', 'esm.handler']) {
    await load({ ...header, handler: handlerName }, warmUpDir);
    await invoke({ requestId: 'warm-up', timeoutMs: 1000 }, Buffer.from('{}'));
  }
  handler = undefined;
  config = undefined;
  logWindow.bytes = 0;
}

captureOutput();
await warmUp();
startReading(onFrame);
sendFrame(Kind.Ready, {});
