/** The conformance cases written for Node.js (see conformance-suite.ts). */
import type { ConformanceCases } from './conformance-suite.js';
import type { FunctionFiles } from './harness.js';

const js = (code: string): FunctionFiles => ({ 'index.js': code });

export const nodeCases: ConformanceCases = {
  runtime: 'nodejs20',
  syntaxErrorLocation: /index\.js:3/,
  missingHandlerMessage: "handler 'nope' is not exported by index.js",
  functions: {
    echoJson: js(
      `exports.handler = (event) => ({ got: JSON.parse(event), isBytes: Buffer.isBuffer(event) });`,
    ),
    returnsString: js(`exports.handler = () => 'héllo ✓';`),
    returnsBytes: js(`exports.handler = () => Buffer.from([0, 1, 2, 255]);`),
    returnsObject: js(`exports.handler = () => ({ n: 1, list: [1, 2] });`),
    returnsNothing: js(`exports.handler = () => undefined;`),
    asyncHandler: js(`exports.handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return 'done';
};`),
    contextFields: js(`exports.handler = (event, context) => ({
  requestId: context.requestId,
  functionName: context.function.name,
  handler: context.function.handler,
  memory: context.function.memory,
  timeout: context.function.timeout,
  version: context.function.version,
  service: context.service.name,
  region: context.region,
  accountId: context.accountId,
  remainingMs: context.getRemainingTimeInMillis(),
});`),
    environment: js(`exports.handler = () => ({
  greeting: process.env.GREETING,
  keys: Object.keys(process.env),
  path: process.env.PATH,
  home: process.env.HOME,
});`),
    filesystem: js(`const fs = require('node:fs');
const attempt = (action) => {
  try {
    action();
    return 'ok';
  } catch (err) {
    return err.code ?? String(err);
  }
};
exports.handler = (event) => ({
  readServerFile: attempt(() => fs.readFileSync(JSON.parse(event).serverFile)),
  readShadow: attempt(() => fs.readFileSync('/etc/shadow')),
  readOwnCode: attempt(() => fs.readFileSync('/code/index.js')),
  writeCode: attempt(() => fs.writeFileSync('/code/new.txt', 'x')),
  writeTmp: attempt(() => fs.writeFileSync('/tmp/new.txt', 'x')),
  root: fs.readdirSync('/'),
});`),
    initializer: js(`let inits = 0;
exports.initialize = (context) => {
  inits++;
  console.log('initializing', context.requestId);
};
exports.handler = () => inits;`),
    initializerThrows: js(`exports.initialize = () => {
  throw new Error('init failed');
};
exports.handler = () => 'never';`),
    throwsError: js(`class CustomError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CustomError';
  }
}
exports.handler = () => {
  throw new CustomError('boom');
};`),
    syntaxError: js(`exports.handler = () => 1;

const broken = ;
`),
    missingHandler: js(`exports.handler = () => 1;`),
    missingModule: { 'other.js': `exports.handler = () => 1;` },
    busyLoop: js(`exports.handler = () => {
  console.log('starting');
  for (;;) {}
};`),
    microtaskLoop: js(`exports.handler = async () => {
  console.log('starting');
  const spin = () => Promise.resolve().then(spin);
  await spin();
};`),
    neverSettles: js(`exports.handler = () => {
  console.log('starting');
  return new Promise(() => {});
};`),
    memoryHog: js(`exports.handler = () => {
  const chunks = [];
  for (;;) chunks.push(Buffer.alloc(1 << 20, 1));
};`),
    exits: js(`exports.handler = () => {
  console.log('exiting');
  process.exit(3);
};`),
    segfault: js(`exports.handler = () => {
  process.kill(process.pid, 'SIGSEGV');
  return new Promise(() => {});
};`),
    counter: js(`let count = 0;
exports.handler = () => ++count;`),
    logs: js(`exports.handler = (event, context) => {
  console.log('one');
  context.logger.info('two');
  process.stdout.write('three\\n');
  console.error('four');
  console.warn('five');
  return 'logged';
};`),
    httpCall: js(`exports.handler = async (event) => {
  const response = await fetch(JSON.parse(event).url);
  return await response.text();
};`),
    sleeps: js(`exports.handler = async (event, context) => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return context.requestId;
};`),
  },
};
