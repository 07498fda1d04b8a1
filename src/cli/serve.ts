import { type Command, InvalidArgumentError } from 'commander';
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
      const hotline = await startHotline(config);
      const out = process.stdout;
      out.write(`Hotline is listening on ${hotline.url} (data: ${config.dataDir})\n`);
      out.write(`OpenAPI document: ${hotline.url}/openapi.json\n`);
      if (hotline.rootKey) {
        out.write(
          '\nFirst start: created the root account. Its API key (shown once; also saved with mode 0600 in\n',
        );
        out.write(`${hotline.rootKey.file}):\n\n    ${hotline.rootKey.token}\n\n`);
      }
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
