import { Command, CommanderError, Option } from 'commander';
import { CheckFailed, EXIT, ExitWith, processIO, type IO } from './io.js';
import { describeError } from './errors.js';
import { registerContextCommands } from './context.js';
import { registerQueryCommand } from './query.js';
import { registerAlertCommands } from './alerts.js';
import { registerDemoCommand } from './demo.js';
import { registerTopCommand } from './top.js';
import { registerLogsCommands } from './logs.js';
import { registerTraceCommands } from './traces.js';
import { registerAnalyticsCommands } from './analytics.js';
import { registerCompletionCommand } from './completion.js';
import { registerSloCommands } from './slo.js';
import { registerDoctorCommand } from './doctor.js';
import { registerBoardCommands } from './board.js';
import { registerIncidentCommands } from './incident.js';
import { registerRunbookCommands } from './runbook.js';
import { registerAnomalyCommands } from './anomalies.js';
import { registerForecastCommand } from './forecast.js';
import { registerCapacityCommand } from './capacity.js';
import { registerServicesCommand } from './services.js';

export function buildProgram(io: IO, version: string): Command {
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
  registerContextCommands(program, io);
  registerQueryCommand(program, io);
  registerSloCommands(program, io);
  registerAlertCommands(program, io);
  registerLogsCommands(program, io);
  registerTraceCommands(program, io);
  registerAnalyticsCommands(program, io);
  registerIncidentCommands(program, io);
  registerRunbookCommands(program, io);
  registerTopCommand(program, io);
  registerServicesCommand(program, io);
  registerDemoCommand(program, io);
  registerCompletionCommand(program, io);
  registerDoctorCommand(program, io);
  registerBoardCommands(program, io);
  registerAnomalyCommands(program, io);
  registerForecastCommand(program, io);
  registerCapacityCommand(program, io);
  for (const sub of program.commands) inheritExitOverride(sub);
  return program;
}

function inheritExitOverride(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) inheritExitOverride(sub);
}

/** Run obs with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: IO = processIO(), version = '0.0.0'): Promise<number> {
  const program = buildProgram(io, version);
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
