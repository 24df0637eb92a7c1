import type { Command } from 'commander';
import type { IO } from './io.js';
import { action } from './action.js';
import type { Session } from './session.js';
import type { ConfigData } from '../src/config/types.js';

export function registerContextCommands(program: Command, io: IO): void {
  const ctx = program.command('context').alias('ctx').description('manage contexts: where the backends are and how to reach them');
  ctx
    .command('add <name>')
    .description('add a context (or replace one) from flags')
    .option('--prometheus <url>', 'Prometheus (or Thanos/Mimir/Cortex, with its path prefix) URL')
    .option('--alertmanager <url>', 'Alertmanager URL')
    .option('--loki <url>', 'Loki URL')
    .option('--jaeger <url>', 'Jaeger query URL')
    .option('--amplitude <url>', 'Amplitude API host (https://amplitude.com or https://analytics.eu.amplitude.com)')
    .option('--tenant <id>', 'X-Scope-OrgID sent to every backend')
    .option('--read-only', 'refuse write actions in this context')
    .option('--use', 'make it the current context')
    .action(action(io, async (s, name: string, o: Record<string, string | boolean>) => {
      const store = await openStore(s);
      const data = store.read();
      const context: Record<string, unknown> = {};
      for (const b of ['prometheus', 'alertmanager', 'loki', 'jaeger', 'amplitude']) if (typeof o[b] === 'string') context[b] = { url: o[b] };
      if (o.tenant) context.tenant = o.tenant;
      if (o.readOnly) context.readOnly = true;
      if (o.use || noContexts(data)) data.currentContext = name;
      data.contexts[name] = context;
      await store.write(data);
      s.print(`context "${name}" saved in ${store.path}${data.currentContext === name ? ' (current)' : ''}`);
    }));
  ctx
    .command('list')
    .alias('ls')
    .description('list contexts; * marks the one a command would use (-c and OBS_CONTEXT win over the current one)')
    .action(action(io, async (s) => {
      const data = (await openStore(s)).read();
      const inUse = await inUseBy(s, data);
      const rows = Object.entries(data.contexts).map(([name, c]) => ({
        current: name === data.currentContext,
        inUse: name === inUse.name,
        name,
        backends: (['prometheus', 'alertmanager', 'loki', 'jaeger', 'amplitude'] as const).filter((b) => c[b]?.url),
        readOnly: c.readOnly === true,
      }));
      s.output(rows, [
        { header: '', value: (r) => (r.inUse ? '*' : '') },
        { header: 'NAME', value: (r) => r.name },
        { header: 'BACKENDS', value: (r) => r.backends.join(',') },
        { header: 'READ-ONLY', value: (r) => (r.readOnly ? 'yes' : '') },
      ], { currentContext: data.currentContext ?? null, contextInUse: inUse.name ?? null, contextInUseFrom: inUse.from ?? null, contexts: rows });
      if (inUse.from && inUse.from !== 'config') {
        const current = data.currentContext ? `the current context is "${data.currentContext}"` : 'there is no current context';
        s.warn(data.contexts[inUse.name!]
          ? `* marks "${inUse.name}" (from ${inUse.from}); ${current}`
          : `context "${inUse.name}" (from ${inUse.from}) does not exist; ${current}`);
      }
    }));
  ctx
    .command('use <name>')
    .description('make a context the current one')
    .action(action(io, async (s, name: string) => {
      const store = await openStore(s);
      const data = store.read();
      if (!data.contexts[name]) throw await unknownContext(name, Object.keys(data.contexts));
      data.currentContext = name;
      await store.write(data);
      s.print(`now using context "${name}"`);
    }));
  ctx
    .command('show [name]')
    .description('show a context with secrets redacted (default: the current one)')
    .action(action(io, async (s, name?: string) => {
      const [{ redactContext }, store] = await Promise.all([import('../src/config/show.js'), openStore(s)]);
      const data = store.read();
      const inUse = await inUseBy(s, data);
      const chosen = await existingContext(name ?? inUse.name, data);
      const used = chosen === inUse.name ? { inUse: true, inUseFrom: inUse.from } : { inUse: false };
      const shown = { name: chosen, current: chosen === data.currentContext, ...used, ...redactContext(data.contexts[chosen]) };
      const { loadRenderer, renderJson, renderYaml } = await import('../src/output/format.js');
      await loadRenderer('yaml');
      s.print(s.opts.output === 'json' ? renderJson(shown) : renderYaml(shown));
    }));
  ctx
    .command('set <name> <key> <value>')
    .description('set one key of a context, e.g. `obs context set prod prometheus.bearer env:PROM_TOKEN`')
    .action(action(io, async (s, name: string, key: string, value: string) => {
      const [{ coerceSetting }, { setPath }] = await Promise.all([import('../src/config/validate.js'), import('../src/config/show.js')]);
      const store = await openStore(s);
      const data = store.read();
      if (noContexts(data)) data.currentContext = name;
      data.contexts[name] = setPath(data.contexts[name] ?? {}, key, coerceSetting(key, value));
      await store.write(data);
      s.print(`context "${name}": ${key} set`);
    }));
  ctx
    .command('remove <name>')
    .alias('rm')
    .description('remove a context')
    .action(action(io, async (s, name: string) => {
      const store = await openStore(s);
      const data = store.read();
      if (!data.contexts[name]) throw await unknownContext(name, Object.keys(data.contexts));
      delete data.contexts[name];
      const wasCurrent = data.currentContext === name;
      // Like kubectl: no other context becomes current behind the user's back.
      if (wasCurrent) delete data.currentContext;
      await store.write(data);
      s.print(`context "${name}" removed`);
      if (wasCurrent) s.warn(`"${name}" was the current context; there is none now: pick one with \`obs context use NAME\`${Object.keys(data.contexts).length ? ` (${Object.keys(data.contexts).join(', ')})` : ''}`);
    }));
  ctx
    .command('export [name]')
    .description('print a context as YAML to share (literal secrets are left out; env:, file: and cmd: references are kept)')
    .addHelpText('after', '\nExample:\n  obs context export prod > prod.yaml && git add prod.yaml')
    .action(action(io, async (s, name?: string) => {
      const [{ exportContext }, store] = await Promise.all([import('../src/config/portable.js'), openStore(s)]);
      const data = store.read();
      const chosen = await existingContext(name ?? (await inUseBy(s, data)).name, data);
      const exported = exportContext(chosen, data.contexts[chosen], `obs context "${chosen}": import with \`obs context import FILE\``);
      for (const r of exported.replaced) s.warn(`${r.key} holds a literal secret: exported as ${r.placeholder} instead`);
      for (const w of exported.warnings) s.warn(w);
      s.print(exported.text);
    }));
  ctx
    .command('import <file>')
    .description('add a context from a file written by `obs context export` (- reads stdin)')
    .option('--name <name>', 'import under this name instead of the one in the file')
    .option('--force', 'replace a context of the same name')
    .option('--use', 'make it the current context')
    .action(action(io, async (s, file: string, o: { name?: string; force?: boolean; use?: boolean }) => {
      const [{ parseContextFile }, { readFile }, store] = await Promise.all([import('../src/config/portable.js'), import('node:fs/promises'), openStore(s)]);
      const text = file === '-' ? await readStream(s.io.stdin) : await readFile(file, 'utf8').catch(async (e: NodeJS.ErrnoException) => {
        const { ConfigError } = await import('../src/config/errors.js');
        throw new ConfigError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code ?? e.message}`);
      });
      const parsed = parseContextFile(text, file === '-' ? '<stdin>' : file);
      const name = o.name ?? parsed.name;
      const data = store.read();
      if (data.contexts[name] && !o.force) {
        const { ConfigError } = await import('../src/config/errors.js');
        throw new ConfigError(`context "${name}" already exists`, 'add --force to replace it, or --name NAME to import it under another name');
      }
      if (o.use || noContexts(data)) data.currentContext = name;
      data.contexts[name] = parsed.context;
      await store.write(data);
      s.print(`context "${name}" imported into ${store.path}${data.currentContext === name ? ' (current)' : ''}`);
    }));
}

/** The first context saved becomes the current one; later ones only with --use (or `obs context use`). */
function noContexts(data: { contexts: Record<string, unknown> }): boolean {
  return Object.keys(data.contexts).length === 0;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

async function openStore(s: Session) {
  const { ConfigStore, configDir } = await import('../src/config/store.js');
  return new ConfigStore(configDir(s.opts.configDir, s.io.env));
}

async function inUseBy(s: Session, data: ConfigData) {
  const { contextInUse } = await import('../src/config/resolve.js');
  return contextInUse(data, s.opts.context, s.io.env);
}

/** The named context, or the one in use; a usage error saying how to pick one when there is none. */
async function existingContext(name: string | undefined, data: ConfigData): Promise<string> {
  if (name !== undefined && data.contexts[name]) return name;
  if (name !== undefined) throw await unknownContext(name, Object.keys(data.contexts));
  const { ConfigError } = await import('../src/config/errors.js');
  throw new ConfigError('no current context', `name one, or pick one with \`obs context use NAME\` (known contexts: ${Object.keys(data.contexts).join(', ') || 'none'})`);
}

async function unknownContext(name: string, known: string[]) {
  const { ConfigError } = await import('../src/config/errors.js');
  return new ConfigError(`context "${name}" does not exist`, `known contexts: ${known.join(', ') || 'none'}`);
}
