import type { Command } from 'commander';
import type { IO } from './io.js';
import { action, collect } from './action.js';
import type { CapacityFlags } from './capacity-run.js';

export function registerCapacityCommand(program: Command, io: IO): void {
  program
    .command('capacity')
    .description('what runs out and when: disks, memory, connection pools, queues and SLO error budgets, with earliest/likely/latest dates')
    .option('--within <duration>', 'fail (exit 1) when something runs out within this (default 7d)')
    .option('--since <duration>', 'history each forecast learns from (default 7d)')
    .option('--at <time>', 'judge as of this instant instead of now: RFC3339, unix seconds or now-2h')
    .option('-f, --file <path>', 'SLO spec file or directory for the error budgets (repeatable; default the context\'s sloDir)', collect)
    .addHelpText('after', `
Resources are found by the names common exporters give them (node_exporter filesystems and memory,
kubelet volumes, cAdvisor containers against their limits, HikariCP, Postgres, MySQL and Redis
exporters, Kafka and RabbitMQ backlogs): one range query per kind. A kind that no exporter answers
for is listed as "not found", never as healthy. Each series' share in use is forecast (trend and
daily/weekly season); RUNS OUT is when the forecast reaches 100%, RANGE from when its 90%
interval's upper bound does to when its lower bound does. Error budgets run out at the last hour's
burn, within the fastest and slowest burns over 1h, 6h, 1d and 3d. -o json has each instant.

Examples:
  obs capacity                       # what runs out within 7 days
  obs capacity --within 2d -o json
  obs capacity --demo

Exit codes: 0 nothing runs out within --within, 1 something does (or already has), 2 a flag or an
SLO spec is wrong, 3 a backend could not answer (what it answered is still shown).`)
    .action(action(io, async (s, o: CapacityFlags) => {
      const { runCapacity } = await import('./capacity-run.js');
      await runCapacity(s, o);
    }));
}
