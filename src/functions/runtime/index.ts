/**
 * The sandboxed function runtime: user functions (nodejs20, python3) run in runner processes,
 * one OS process per instance, kept warm per function version and never shared across versions
 * or accounts. What a function can rely on:
 *
 * - Isolation (mode 'bwrap'): bubblewrap with new user, pid, ipc, uts and cgroup namespaces, no
 *   capabilities, started as nobody when the server runs as root. The file system holds /usr
 *   (and /bin, /lib... as on the host), the TLS and name-resolution files of /etc, the code
 *   read-only at /code (also the working directory), a private /tmp (tmpfs, 512 MiB), private
 *   /proc and /dev. The network is shared. The environment is PATH, LANG, HOME=/tmp and the
 *   function's own variables. Mode 'unsandboxed' runs the same runners as plain processes (still
 *   a cleared environment and the nobody user); it is an operator's explicit opt-in.
 * - Handler: `handler(event, context)`; the event is the payload's bytes (Buffer / bytes). Async
 *   handlers are awaited; Node also takes `(event, context, callback)`. A string or bytes result
 *   is returned as is, anything else as JSON, nothing as `null`. An optional initializer runs
 *   once per instance as `initialize(context)`.
 * - Context: requestId, function {name, handler, memory (MB), timeout (s), version, initializer},
 *   service {name}, region, accountId, logger {debug, info, warn, error} and
 *   getRemainingTimeInMillis() — in Python request_id, account_id, get_remaining_time_in_millis().
 * - Logs: context.logger, Node's console.* and Python's logging module write lines prefixed
 *   `<ISO time> <requestId> [LEVEL] `; raw writes (process.stdout/stderr.write, print,
 *   sys.stdout/stderr) are kept as written. Everything is returned with the invocation it belongs
 *   to, in order, up to logLimitBytes. Output written between invocations goes with the next one.
 * - Limits: the timeout is enforced by the server (SIGKILL of the instance); memory by a watchdog
 *   on the instance's resident set (see memory-watchdog.ts). Either way the instance is replaced.
 */
export { checkSandbox, type SandboxCheck } from './check-sandbox.js';
export { runtimeErrors } from './errors.js';
export type { RuntimeLogger } from './logger.js';
export type { SandboxInvokerOptions, SandboxMode } from './options.js';
export { createSandboxInvoker, type SandboxInvoker } from './sandbox-invoker.js';
