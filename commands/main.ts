import { Command, CommanderError, Option } from 'commander';
import { CheckFailed, EXIT, ExitWith, processIO, type IO } from './io.js';
import { describeError } from './errors.js';
import { COMMAND_GROUPS, groupNamedBy } from './groups.js';

/**
 * The command tree. With `argv`, only the part that runs it when that is certain (see groupNamedBy);
 * without, or for help and completion, every command.
 */
export async function buildProgram(io: IO, version: string, argv?: readonly string[]): Promise<Command> {
  const program = new Command('obs')
    .description("The on-call engineer's cockpit: Prometheus, Alertmanager, Loki, Jaeger and Amplitude in one terminal.")
    .version(version, '-V, --version')
    .option('-c, --context <name>', 'context to use (default: OBS_CONTEXT, then the current context)')
    .addOption(new Option('-o, --output <format>', 'output format: table, json, yaml, csv (default: table on a terminal, json when piped)'))
    .option('--no-color', 'no colours (also NO_COLOR=1 or TERM=dumb)')
    .option('--debug', 'log every request (secrets redacted) to stderr')
    .option('--demo', 'run against the embedded demo world instead of a context')
    .option('--scenario <name>', 'demo scenario: payments-db-latency, checkout-bad-deploy, cart-cache-saturation, calm')
    .option('--seed <n>', 'demo world seed')
    .option('--config-dir <dir>', 'directory holding config.json (default: OBS_HOME, else ~/.config/obs)')
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  const named = argv && groupNamedBy(program, argv);
  const registers = await Promise.all((named ? [named] : COMMAND_GROUPS).map((g) => g.load()));
  for (const register of registers) register(program, io);
  for (const sub of program.commands) inheritExitOverride(sub);
  return program;
}

function inheritExitOverride(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) inheritExitOverride(sub);
}

/** Run obs with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: IO = processIO(), version = '0.0.0'): Promise<number> {
  const program = await buildProgram(io, version, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof ExitWith) {
      if (err.message) io.stderr.write(`obs: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof CheckFailed) {
      if (err.message) io.stderr.write(`obs: ${err.message}\n`);
      return EXIT.checkFailed;
    }
    const { code, line } = describeError(err, program.opts().debug === true);
    io.stderr.write(`${line}\n`);
    return code;
  }
}
