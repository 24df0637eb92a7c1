import type { Command } from 'commander';
import type { Backends } from '../src/backends/index.js';
import type { ResolvedContext } from '../src/config/resolve.js';
import { meansPartial } from '../src/backends/prometheus/warnings.js';
import { ConfigError } from '../src/config/errors.js';
import { OUTPUT_FORMATS, renderOutput, type Column, type OutputFormat } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { isUtf8 } from '../src/output/terminal.js';
import { toAscii } from '../views/glyphs.js';
import type { IO } from './io.js';

export interface GlobalOptions {
  context?: string;
  output?: string;
  color?: boolean;
  debug?: boolean;
  demo?: boolean;
  scenario?: string;
  seed?: string;
  configDir?: string;
}

/**
 * What a command's action gets: its IO, the global options, and lazily the context and the
 * backend clients (the demo world is started here when --demo is given).
 */
export class Session {
  readonly opts: GlobalOptions;
  private backendsPromise?: Promise<Backends>;
  private closers: (() => Promise<void>)[] = [];
  private told = new Set<string>();
  private partial = false;

  constructor(readonly io: IO, command: Command) {
    this.opts = command.optsWithGlobals() as GlobalOptions;
  }

  get color(): boolean {
    const env = this.io.env;
    return this.opts.color !== false && !env.NO_COLOR && env.TERM !== 'dumb' && this.io.stdout.isTTY === true;
  }

  get width(): number {
    return this.io.stdout.columns || 120;
  }

  /** --output as given, else a table on a terminal and JSON when piped; not checked yet. */
  requestedFormat(): string {
    return this.opts.output ?? (this.io.stdout.isTTY ? 'table' : 'json');
  }

  /** --output, else a table on a terminal and JSON when piped. */
  format(extra: OutputFormat[] = []): OutputFormat {
    const chosen = this.requestedFormat();
    const allowed: string[] = [...OUTPUT_FORMATS, ...extra];
    if (!allowed.includes(chosen)) throw new ConfigError(`--output ${chosen} is not supported here`, `use one of: ${allowed.join(', ')}`);
    return chosen as OutputFormat;
  }

  /**
   * Output for a person (tables and text, not data formats) on a terminal without UTF-8 is drawn in
   * ASCII, as `obs top` draws it: `-` for "—", `~` for "…".
   */
  get ascii(): boolean {
    return this.requestedFormat() === 'table' && !isUtf8(this.io.env);
  }

  print(text: string): void {
    const shown = this.ascii ? toAscii(text) : text;
    this.io.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`obs: ${text}\n`);
  }

  /** Has a backend said (tellWarnings) that an answer of this command may be missing data: exit 3. */
  get partialAnswer(): boolean {
    return this.partial;
  }

  /**
   * What a backend warned about with its answers (a partial answer from Thanos or Mimir, a PromQL
   * warning): each warning told once per command on stderr, sanitised.
   */
  tellWarnings(backend: string, warnings: Iterable<string>): void {
    for (const w of warnings) {
      if (meansPartial(w)) this.partial = true;
      const line = `warning from ${backend}: ${sanitize(w, { maxLength: 500 })}`;
      if (this.told.has(line)) continue;
      this.told.add(line);
      this.warn(line);
    }
  }

  debug = (line: string): void => {
    if (this.opts.debug) this.io.stderr.write(`[debug] ${line}\n`);
  };

  output<T>(rows: T[], columns: Column<T>[], data: unknown, extra: OutputFormat[] = []): void {
    const format = this.format(extra);
    // JSON is indented for a person at a terminal, compact for a program reading a pipe.
    const text = renderOutput(format, rows, columns, data, { width: this.width, color: this.color, pretty: this.io.stdout.isTTY === true, glyphs: this.ascii ? toAscii : undefined });
    if (text) this.print(text);
  }

  async backends(): Promise<Backends> {
    this.backendsPromise ??= this.openBackends();
    return this.backendsPromise;
  }

  async context(): Promise<ResolvedContext> {
    return (await this.backends()).context;
  }

  onClose(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  async close(): Promise<void> {
    if (this.backendsPromise) await (await this.backendsPromise).close().catch(() => {});
    for (const c of this.closers.reverse()) await c().catch(() => {});
  }

  private async openBackends(): Promise<Backends> {
    const { openBackends } = await import('../src/backends/index.js');
    const resolved = this.opts.demo ? await this.startDemo() : await this.loadContext();
    return openBackends(resolved, { debug: this.opts.debug ? this.debug : undefined });
  }

  private async loadContext(): Promise<ResolvedContext> {
    const [{ ConfigStore, configDir }, { resolveContext }] = await Promise.all([import('../src/config/store.js'), import('../src/config/resolve.js')]);
    const store = new ConfigStore(configDir(this.opts.configDir, this.io.env));
    return resolveContext(store.read(), this.opts.context, this.io.env);
  }

  /** --scenario and --seed, checked before the demo world starts. */
  async demoOptions(): Promise<{ scenario?: string; seed?: number }> {
    const { SCENARIOS } = await import('../src/sim/world/world.js');
    const { scenario, seed } = this.opts;
    if (scenario !== undefined && !SCENARIOS.includes(scenario)) throw new ConfigError(`unknown scenario "${scenario}"`, `known scenarios: ${SCENARIOS.join(', ')}`);
    if (seed !== undefined && !/^\d+$/.test(seed)) throw new ConfigError(`--seed ${JSON.stringify(seed)} is not a whole number`);
    return { scenario, seed: seed === undefined ? undefined : Number(seed) };
  }

  private async startDemo(): Promise<ResolvedContext> {
    const [{ startDemo }, { demoContext }] = await Promise.all([import('../src/sim/server.js'), import('./demo-context.js')]);
    const demo = await startDemo(await this.demoOptions());
    this.onClose(() => demo.close());
    return demoContext(demo.urls);
  }
}
