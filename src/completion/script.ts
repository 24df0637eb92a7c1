import type { Command } from 'commander';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import type { Shell } from './kinds.js';
import { commandSpec } from './spec.js';
import { completionTables } from './tables.js';
import { zshScript } from './zsh.js';

/** The completion script for `shell`, generated from the program's own command tree. */
export function completionScript(shell: Shell, program: Command): string {
  const tables = completionTables(commandSpec(program));
  if (shell === 'zsh') return zshScript(tables);
  if (shell === 'fish') return fishScript(tables);
  return bashScript(tables);
}
