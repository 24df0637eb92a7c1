import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';

export function registerDoctorCommand(program: Command, io: IO): void {
  program
    .command('doctor')
    .description('check every backend of the context (reachable, version, auth, tenant, TLS, clock, proxy) and this terminal; say what to fix')
    .addHelpText('after', `
Exit codes: 0 all backends answered, 3 a backend check failed.
Examples:
  obs doctor
  obs doctor -c prod -o json`)
    .action(action(io, async (s) => {
      const { runDoctor } = await import('./doctor-run.js');
      await runDoctor(s);
    }));
}
