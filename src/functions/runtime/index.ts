/**
 * The sandboxed function runtime: user functions (Node.js 20, Python 3) run in bubblewrap
 * sandboxes, one OS process per instance, kept warm per function version.
 */
export { type SandboxCheck, checkSandbox } from './check-sandbox.js';
export { runtimeErrors } from './errors.js';
export type { RuntimeLogger } from './logger.js';
export type { SandboxInvokerOptions, SandboxMode } from './options.js';
export { createSandboxInvoker, type SandboxInvoker } from './sandbox-invoker.js';
