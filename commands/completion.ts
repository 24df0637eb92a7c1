import { Argument, type Command } from 'commander';
import { DYNAMIC_KINDS, SHELLS, type DynamicKind, type Shell } from '../src/completion/kinds.js';
import type { IO } from './io.js';
import { action } from './action.js';

export function registerCompletionCommand(program: Command, io: IO): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags, contexts, SLOs, runbooks, open incidents)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', `
Install:
  bash  obs completion bash > ~/.local/share/bash-completion/completions/obs
  zsh   obs completion zsh > "\${fpath[1]}/_obs"
  fish  obs completion fish > ~/.config/fish/completions/obs.fish`)
    .action(action(io, async (s, shell: Shell) => {
      const { printCompletionScript } = await import('./completion-run.js');
      await printCompletionScript(s, shell, program);
    }));
  // What the scripts call for values that live in local files; fast, and never touches the network.
  program
    .command('__complete', { hidden: true })
    .addArgument(new Argument('<kind>').choices(DYNAMIC_KINDS))
    .action(action(io, async (s, kind: DynamicKind) => {
      const { printCompletionValues } = await import('./completion-run.js');
      await printCompletionValues(s, kind);
    }));
}
