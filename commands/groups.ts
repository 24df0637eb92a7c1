import type { Command } from 'commander';
import type { IO } from './io.js';

type Register = (program: Command, io: IO) => void;

export interface CommandGroup {
  /** The top-level commands (and aliases) the module registers; empty for one that needs the whole tree. */
  names: readonly string[];
  load: () => Promise<Register>;
}

/**
 * Every command module, in the order of `obs --help`. A run that names one of these commands loads
 * and registers only its module: building the whole tree (~150 commands, their options and help) and
 * importing every module costs more than a one-shot query itself.
 */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['context', 'ctx'], load: async () => (await import('./context.js')).registerContextCommands },
  { names: ['query'], load: async () => (await import('./query.js')).registerQueryCommand },
  { names: ['slo'], load: async () => (await import('./slo.js')).registerSloCommands },
  { names: ['alerts', 'silences'], load: async () => (await import('./alerts.js')).registerAlertCommands },
  { names: ['logs'], load: async () => (await import('./logs.js')).registerLogsCommands },
  { names: ['traces'], load: async () => (await import('./traces.js')).registerTraceCommands },
  { names: ['analytics'], load: async () => (await import('./analytics.js')).registerAnalyticsCommands },
  { names: ['incident'], load: async () => (await import('./incident.js')).registerIncidentCommands },
  { names: ['runbook'], load: async () => (await import('./runbook.js')).registerRunbookCommands },
  { names: ['top'], load: async () => (await import('./top.js')).registerTopCommand },
  { names: ['services'], load: async () => (await import('./services.js')).registerServicesCommand },
  { names: ['demo'], load: async () => (await import('./demo.js')).registerDemoCommand },
  // The completion script lists every command, so `obs completion` always gets the whole tree.
  { names: [], load: async () => (await import('./completion.js')).registerCompletionCommand },
  { names: ['doctor'], load: async () => (await import('./doctor.js')).registerDoctorCommand },
  { names: ['board'], load: async () => (await import('./board.js')).registerBoardCommands },
  { names: ['anomalies'], load: async () => (await import('./anomalies.js')).registerAnomalyCommands },
  { names: ['forecast'], load: async () => (await import('./forecast.js')).registerForecastCommand },
  { names: ['capacity'], load: async () => (await import('./capacity.js')).registerCapacityCommand },
];

/**
 * The group of the command that `argv` runs: its first operand, after the root options (and the
 * values of those that take one, as `program` declares them). Undefined when that is not certain
 * (no operand, `help`, `--`, an unknown word): then the caller builds the whole tree.
 */
export function groupNamedBy(program: Command, argv: readonly string[]): CommandGroup | undefined {
  const takesValue = new Set<string>();
  for (const o of program.options) {
    if (!o.required && !o.optional) continue;
    if (o.short) takesValue.add(o.short);
    if (o.long) takesValue.add(o.long);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg.startsWith('-')) {
      if (takesValue.has(arg)) i++;
      continue;
    }
    return COMMAND_GROUPS.find((g) => g.names.includes(arg));
  }
  return undefined;
}
