import { isCoreError } from '../core/errors';
import { commandCommand, commandHelp } from './commands/command';
import { confirmCommand, confirmHelp } from './commands/confirm';
import { demoCommand, demoHelp } from './commands/demo';
import { generateCommand, generateHelp } from './commands/generate';
import { householdCommand, householdHelp } from './commands/household';
import { ledgerCommand, ledgerHelp } from './commands/ledger';
import { migrateCommand, migrateHelp } from './commands/migrate';
import { parseCommand, parseHelp } from './commands/parse';
import { serveCommand, serveHelp } from './commands/serve';
import { startCommand, startHelp } from './commands/start';
import { webCommand, webHelp } from './commands/web';
import { tickCommand, tickHelp } from './commands/tick';
import { transcribeCommand, transcribeHelp } from './commands/transcribe';
import { undoCommand, undoHelp } from './commands/undo';
import { validateCommand, validateHelp } from './commands/validate';

type Command = (argv: readonly string[], print: (text: string) => void) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  start: { run: startCommand, help: startHelp },
  web: { run: webCommand, help: webHelp },
  serve: { run: serveCommand, help: serveHelp },
  ledger: { run: ledgerCommand, help: ledgerHelp },
  validate: { run: validateCommand, help: validateHelp },
  migrate: { run: migrateCommand, help: migrateHelp },
  parse: { run: parseCommand, help: parseHelp },
  command: { run: commandCommand, help: commandHelp },
  confirm: { run: confirmCommand, help: confirmHelp },
  undo: { run: undoCommand, help: undoHelp },
  tick: { run: tickCommand, help: tickHelp },
  demo: { run: demoCommand, help: demoHelp },
  generate: { run: generateCommand, help: generateHelp },
  household: { run: householdCommand, help: householdHelp },
  transcribe: { run: transcribeCommand, help: transcribeHelp },
};

const USAGE = `Usage: arcflux <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.help.split('\n')[0]}`)
  .join('\n')}

Every command takes --data DIR (default: $ARCFLUX_DATA_DIR or the app's data folder)
and --config FILE (default: the bundled system_config.json). "arcflux <command> --help"
explains one command.`;

/** Runs one CLI invocation and returns its exit code; errors are printed, never thrown. */
export async function main(argv: readonly string[]): Promise<number> {
  const print = (text: string) => process.stdout.write(`${text}\n`);
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    print(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`arcflux: unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    print(command.help);
    return 0;
  }
  try {
    return await command.run(rest, print);
  } catch (error) {
    if (isCoreError(error)) {
      process.stderr.write(`arcflux ${name}: ${error.message}\n`);
      return error.code === 'invalid_input' ? 2 : 1;
    }
    process.stderr.write(
      `arcflux ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
