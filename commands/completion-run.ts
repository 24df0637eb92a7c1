import { join } from 'node:path';
import type { Command } from 'commander';
import type { DynamicKind, Shell } from '../src/completion/kinds.js';
import type { Described } from '../src/completion/tables.js';
import type { Session } from './session.js';

export async function printCompletionScript(s: Session, shell: Shell, program: Command): Promise<void> {
  const { completionScript } = await import('../src/completion/script.js');
  s.io.stdout.write(completionScript(shell, program));
}

/**
 * One `value<TAB>description` line per value of `kind`. Completion must never get in the way, so a
 * missing or broken config, directory or file just means fewer values.
 */
export async function printCompletionValues(s: Session, kind: DynamicKind): Promise<void> {
  const values = await completionValues(s, kind).catch((): Described[] => []);
  const { formatValues } = await import('../src/completion/values.js');
  if (values.length) s.print(formatValues(values));
}

async function completionValues(s: Session, kind: DynamicKind): Promise<Described[]> {
  const [{ ConfigStore, configDir, stateDir }, { contextDir }, values] = await Promise.all([
    import('../src/config/store.js'),
    import('../src/config/portable.js'),
    import('../src/completion/values.js'),
  ]);
  const store = new ConfigStore(configDir(s.opts.configDir, s.io.env));
  const config = store.exists ? store.read() : { contexts: {} };
  if (kind === 'contexts') return values.contextValues(config);
  const name = s.opts.context ?? s.io.env.OBS_CONTEXT ?? config.currentContext;
  const context = name ? config.contexts[name] : undefined;
  const dir = (value: string | undefined) => contextDir(value, store.path);
  const inContext = (value: string | undefined) => (value ? [dir(value)!] : []);
  if (kind === 'slos') return values.sloValues([...inContext(context?.sloDir), 'slo', 'slos']);
  if (kind === 'runbooks') return values.runbookValues([...inContext(context?.runbookDir), 'runbooks']);
  return values.openIncidentValues(dir(context?.incidentDir) ?? join(stateDir(s.opts.configDir, s.io.env), 'incidents'));
}
