import { Command } from 'commander';
import { isHotlineError } from '../shared/errors.js';
import { accessCommands } from './commands/access.js';
import { contactCenterCommands } from './commands/contact-center.js';
import { functionCommands } from './commands/functions.js';
import { serviceCommands } from './commands/services.js';
import { serveCommand } from './serve.js';

/** `hotline`: the server (`serve`) and a client of its HTTP API (everything else). */
export function buildProgram(): Command {
  const program = new Command('hotline')
    .description('Hotline: a self-hosted contact center whose IVR flows call serverless functions')
    .version('0.1.0')
    .option('--url <url>', 'API address (HOTLINE_URL; default http://127.0.0.1:8080)')
    .option('--key <key>', 'API key (HOTLINE_API_KEY; default: the root key in the data folder)')
    .option(
      '-d, --data <dir>',
      'data folder: where `serve` keeps its data (overrides config dataDir); other commands read the root key there (default ./data)',
    )
    .option('--region <region>', 'region (HOTLINE_REGION; default cn-hangzhou)')
    .option('--json', 'print JSON')
    .showHelpAfterError();
  serveCommand(program);
  serviceCommands(program);
  functionCommands(program);
  accessCommands(program);
  contactCenterCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (isHotlineError(err)) {
      process.stderr.write(`error: ${err.message} [${err.code}]\n`);
      process.exit(1);
    }
    throw err;
  }
}
