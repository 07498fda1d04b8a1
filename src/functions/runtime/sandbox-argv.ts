/**
 * The bubblewrap command line of one runner: a private mount namespace holding only the runtime's
 * read-only files, the function's code at /code and a private /tmp; new pid, ipc, uts, user and
 * cgroup namespaces (the network stays shared so functions can call HTTP APIs); no capabilities;
 * a cleared environment; killed with the server.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

export const SANDBOX_CODE_DIR = '/code';
export const SANDBOX_RUNNERS_DIR = '/runtime';

export interface SandboxLayout {
  /** Host folder shown read-only at /code. */
  codeDir: string;
  /** Host folder of the runner programs, shown read-only at /runtime. */
  runnersDir: string;
  /** Host files for /etc/passwd and /etc/group naming the sandbox user. */
  passwdFile: string;
  groupFile: string;
  /** Runtime installation folders outside /usr. */
  extraReadOnly: readonly string[];
  tmpSizeMb: number;
  env: Readonly<Record<string, string>>;
}

/** Top-level folders that are often symlinks into /usr (merged /usr) or real folders. */
const SYSTEM_ROOTS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** What programs read from /etc: TLS roots, name resolution, time zone. Never the rest of /etc. */
const ETC_FILES = [
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/pki',
  '/etc/resolv.conf',
  '/etc/hosts',
  '/etc/host.conf',
  '/etc/nsswitch.conf',
  '/etc/gai.conf',
  '/etc/services',
  '/etc/protocols',
  '/etc/localtime',
  '/etc/mime.types',
];

export function bwrapArgs(layout: SandboxLayout, command: readonly string[]): string[] {
  return [
    ...['--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try'],
    ...[
      '--disable-userns',
      '--cap-drop',
      'ALL',
      '--die-with-parent',
      '--new-session',
      '--hostname',
      'function',
    ],
    ...['--ro-bind', '/usr', '/usr'],
    ...systemRootArgs(),
    ...ETC_FILES.flatMap((path) => ['--ro-bind-try', path, path]),
    ...['--ro-bind', layout.passwdFile, '/etc/passwd', '--ro-bind', layout.groupFile, '/etc/group'],
    ...layout.extraReadOnly.flatMap((path) => ['--ro-bind', path, path]),
    ...['--proc', '/proc', '--dev', '/dev'],
    ...['--size', String(layout.tmpSizeMb * 1024 * 1024), '--tmpfs', '/tmp'],
    ...['--ro-bind', layout.codeDir, SANDBOX_CODE_DIR, '--ro-bind', layout.runnersDir, SANDBOX_RUNNERS_DIR],
    ...['--chdir', SANDBOX_CODE_DIR, '--clearenv'],
    ...Object.entries(layout.env).flatMap(([name, value]) => ['--setenv', name, value]),
    '--',
    ...command,
  ];
}

let systemRoots: string[] | undefined;

/** Mirrors the host's /bin, /lib... as symlinks where the host has symlinks (looked up once). */
function systemRootArgs(): string[] {
  systemRoots ??= SYSTEM_ROOTS.filter((path) => existsSync(path)).flatMap((path) =>
    lstatSync(path).isSymbolicLink() ? ['--symlink', readlinkSync(path), path] : ['--ro-bind', path, path],
  );
  return systemRoots;
}
