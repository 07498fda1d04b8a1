import { type Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { startHotline } from '../app.js';
import { loadConfig } from '../config/config.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Run Hotline: the HTTP API (and, as they arrive, the SIP and media servers)')
    .option('-p, --port <port>', 'HTTP port (overrides config http.port)', parsePort)
    .option('--host <host>', 'HTTP listen address (overrides config http.host)')
    .option('-c, --config <file>', 'config file (YAML or JSON); default ./hotline.yaml or HOTLINE_CONFIG')
    .option('--demo', 'create the demo account, function and flow')
    .action(async (_o: unknown, cmd: Command) => {
      // --data is a global option (the other commands read the root key there).
      const opts = cmd.optsWithGlobals<{
        port?: number;
        host?: string;
        data?: string;
        config?: string;
        demo?: boolean;
      }>();
      const config = loadConfig({
        file: opts.config,
        overrides: {
          ...(opts.data ? { dataDir: opts.data } : {}),
          http: {
            ...(opts.port !== undefined ? { port: opts.port } : {}),
            ...(opts.host ? { host: opts.host } : {}),
          },
          ...(opts.demo ? { demo: { enabled: true } } : {}),
        },
      });
      // Logs go to stderr; stdout carries this banner, written at once so readers see it whole.
      const hotline = await startHotline(config, {
        logger: pino({ level: config.log.level }, pino.destination(2)),
      });
      const banner = [
        `Hotline is listening on ${hotline.url} (data: ${config.dataDir})`,
        `OpenAPI document: ${hotline.url}/openapi.json`,
        ...(hotline.sip.length > 0
          ? [`SIP: ${hotline.sip.map((a) => `${a.protocol} ${a.host}:${a.port}`).join(', ')}`]
          : []),
      ];
      if (hotline.rootKey) {
        banner.push(
          '',
          `First start: created the root account. Its API key (shown once; also saved with mode 0600 in ${hotline.rootKey.file}):`,
          '',
          `    ${hotline.rootKey.token}`,
          '',
          'To sign in to the console with a password instead: hotline user password owner (account root).',
          '',
        );
      }
      const out = process.stdout;
      out.write(`${banner.join('\n')}\n`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        out.write(`\n${signal}: stopping Hotline\n`);
        await hotline.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`invalid port '${value}'`);
  return n;
}
