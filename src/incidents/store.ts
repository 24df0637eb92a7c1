import { randomBytes, randomInt } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { eventProblem, stampEvent } from './events.js';
import { foldIncident } from './fold.js';
import { isIncidentId, newIncidentId, resolveIncidentRef } from './ids.js';
import { encodeEvent, parseEventLog } from './jsonl.js';
import { withFileLock, type LockOptions } from './lock.js';
import { incidentStats, type IncidentStats } from './stats.js';
import type { EventBody, IncidentEvent, IncidentState, Severity, StoreWarning } from './types.js';

export interface IncidentStoreOptions {
  /** The directory holding `<id>.jsonl` files; created on first write. */
  dir: string;
  /** Recorded on every event. Default: $USER, else the OS user name. */
  author?: string;
  /** Who and where from the operating system, recorded on every event. Default: "<OS user>@<host>". */
  origin?: string;
  now?: () => number;
  lock?: Partial<LockOptions>;
}

export interface OpenIncidentInput {
  title: string;
  severity: Severity;
  services?: string[];
  fromGroup?: string;
  /** When the first alert of the incident's group fired. */
  startedAt?: number;
  /** Channels to announce the opening on. */
  notify?: string[];
}

export interface AppendOptions {
  /** Channels to announce the event on. */
  notify?: string[];
}

export interface IncidentRead {
  id: string;
  events: IncidentEvent[];
  state: IncidentState;
  warnings: StoreWarning[];
}

export type StoreErrorCode = 'not-found' | 'ambiguous' | 'no-current' | 'invalid';

/** A usage problem (unknown ID, bad event); callers map it to exit code 2. */
export class IncidentStoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IncidentStoreError';
  }
}

const CURRENT_FILE = 'current';
const LOG_EXT = '.jsonl';

/** "alice@bastion-1": the account the process runs as, which $USER cannot change, and the host. */
export function defaultOrigin(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = `uid${process.getuid?.() ?? '?'}`;
  }
  return `${user}@${hostname()}`;
}

export function defaultAuthor(): string {
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * One append-only JSONL log per incident. Each append is one write of one whole line and an
 * fsync, under the incident's lock file; a line left torn by a crash is skipped on read and the
 * next append starts on a fresh line, so it never merges with the next event.
 */
export class IncidentStore {
  readonly dir: string;
  readonly author: string;
  readonly origin: string;
  private readonly now: () => number;
  private readonly lockOptions: Partial<LockOptions>;

  constructor(options: IncidentStoreOptions) {
    this.dir = options.dir;
    this.author = options.author ?? defaultAuthor();
    this.origin = options.origin ?? defaultOrigin();
    this.now = options.now ?? Date.now;
    this.lockOptions = options.lock ?? {};
  }

  /** Create the incident with its `opened` event and make it the current incident. */
  async open(input: OpenIncidentInput): Promise<IncidentRead> {
    await fs.mkdir(this.dir, PRIVATE_DIR);
    const mode = await fileMode(this.dir);
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      // Three characters give 29,791 IDs a day; grow the suffix if they start colliding.
      const id = newIncidentId(at, randomInt, 3 + Math.floor(attempt / 5));
      const body: EventBody = {
        type: 'opened',
        incident: id,
        title: input.title,
        severity: input.severity,
        services: input.services ?? [],
        ...(input.fromGroup ? { fromGroup: input.fromGroup } : {}),
        ...(input.startedAt !== undefined ? { startedAt: new Date(input.startedAt).toISOString() } : {}),
      };
      const problem = eventProblem(body);
      if (problem) throw new IncidentStoreError('invalid', problem);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(this.logPath(id), 'wx', mode);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 50) continue;
        throw err;
      }
      try {
        // The umask may have taken the group's write bit: set the mode the directory asks for.
        await handle.chmod(mode);
        await writeFully(handle, Buffer.from(encodeEvent(stampEvent(body, at, this.author, this.stamp(input.notify)))));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncDir(this.dir);
      await this.setCurrent(id);
      return this.read(id);
    }
  }

  /** Append one event to the incident `ref` (an ID or suffix; undefined means the current incident). */
  async append(ref: string | undefined, body: EventBody, options: AppendOptions = {}): Promise<IncidentEvent> {
    const problem = eventProblem(body);
    if (problem) throw new IncidentStoreError('invalid', problem);
    if (body.type === 'opened') throw new IncidentStoreError('invalid', 'use open() to open an incident');
    const id = await this.resolve(ref);
    const path = this.logPath(id);
    return withFileLock(
      `${path}.lock`,
      async () => {
        // O_APPEND without O_CREAT: appending to an incident that does not exist is an error.
        let handle: fs.FileHandle;
        try {
          handle = await fs.open(path, constants.O_APPEND | constants.O_RDWR);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new IncidentStoreError('not-found', `no incident ${id}`);
          throw err;
        }
        try {
          const event = stampEvent(body, this.now(), this.author, this.stamp(options.notify));
          const { size } = await handle.stat();
          let line = encodeEvent(event);
          if (size > 0) {
            const last = Buffer.alloc(1);
            await handle.read(last, 0, 1, size - 1);
            if (last[0] !== 0x0a) line = '\n' + line;
          }
          await writeFully(handle, Buffer.from(line));
          await handle.sync();
          return event;
        } finally {
          await handle.close();
        }
      },
      { ...this.lockOptions, mode: await fileMode(this.dir) },
    );
  }

  /** Run `fn` holding the incident's delivery lock: one process at a time sends its notifications. */
  async withDeliveryLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    // Sending can take a few timeouts; a holder is broken only when its process is gone or far older.
    return withFileLock(`${this.logPath(id)}.notify.lock`, fn, { staleMs: 5 * 60_000, timeoutMs: 6 * 60_000, mode: await fileMode(this.dir) });
  }

  private stamp(notify?: string[]) {
    return { id: randomBytes(6).toString('hex'), origin: this.origin, notify };
  }

  /** Read and fold one incident. Torn or invalid lines come back as warnings. */
  async read(ref?: string): Promise<IncidentRead> {
    const id = await this.resolve(ref);
    const text = await this.readLog(id);
    if (text === undefined) throw new IncidentStoreError('not-found', `no incident ${id}`);
    return this.fold(id, text);
  }

  /** All incidents: open ones first, then the most recently opened. */
  async list(): Promise<{ incidents: IncidentState[]; warnings: StoreWarning[] }> {
    const incidents: IncidentState[] = [];
    const warnings: StoreWarning[] = [];
    for (const id of await this.ids()) {
      const text = await this.readLog(id);
      // An empty file is an open() that crashed before its first line: nothing was acknowledged.
      if (!text) continue;
      const read = this.fold(id, text);
      incidents.push(read.state);
      warnings.push(...read.warnings);
    }
    incidents.sort((a, b) => Number(b.open) - Number(a.open) || b.openedAt - a.openedAt || a.id.localeCompare(b.id));
    return { incidents, warnings };
  }

  /** Count, MTTA and MTTR of the incidents opened in [start, end). */
  async stats(range: { start: number; end: number }): Promise<IncidentStats & { warnings: StoreWarning[] }> {
    const { incidents, warnings } = await this.list();
    return { ...incidentStats(incidents, range), warnings };
  }

  /** The remembered current incident, or undefined when there is none (or it no longer exists). */
  async current(): Promise<string | undefined> {
    let id: string;
    try {
      id = (await fs.readFile(join(this.dir, CURRENT_FILE), 'utf8')).trim();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (!isIncidentId(id)) return undefined;
    return (await this.exists(id)) ? id : undefined;
  }

  async setCurrent(id: string): Promise<void> {
    await fs.mkdir(this.dir, PRIVATE_DIR);
    const target = join(this.dir, CURRENT_FILE);
    const tmp = `${target}.${process.pid}.${randomInt(1e9)}.tmp`;
    await fs.writeFile(tmp, id + '\n');
    await fs.chmod(tmp, await fileMode(this.dir));
    await fs.rename(tmp, target);
  }

  /** An ID, a unique suffix of one, or undefined for the current incident -> the full ID. */
  async resolve(ref?: string): Promise<string> {
    if (ref === undefined || ref === '' || ref === 'current') {
      const current = await this.current();
      if (!current) throw new IncidentStoreError('no-current', 'no current incident: give an incident ID, or open one');
      return current;
    }
    if (isIncidentId(ref) && (await this.exists(ref))) return ref;
    const r = resolveIncidentRef(ref, await this.ids());
    if ('id' in r) return r.id;
    if (r.error === 'ambiguous')
      throw new IncidentStoreError('ambiguous', `"${ref}" matches several incidents: ${r.candidates.join(', ')}`);
    throw new IncidentStoreError('not-found', `no incident "${ref}"`);
  }

  private fold(id: string, text: string): IncidentRead {
    const file = this.logPath(id);
    const parsed = parseEventLog(text, file);
    const { state, warnings } = foldIncident(id, parsed.events, file);
    return { id, events: parsed.events, state, warnings: [...parsed.warnings, ...warnings] };
  }

  private async ids(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((n) => n.endsWith(LOG_EXT))
      .map((n) => n.slice(0, -LOG_EXT.length))
      .filter(isIncidentId);
  }

  private async readLog(id: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.logPath(id), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async exists(id: string): Promise<boolean> {
    return fs.stat(this.logPath(id)).then(
      () => true,
      () => false,
    );
  }

  private logPath(id: string): string {
    return join(this.dir, id + LOG_EXT);
  }
}

/** Incidents name services, people and evidence: a directory obs creates is its owner's alone. A team creates a shared one itself (README). */
const PRIVATE_DIR = { recursive: true, mode: 0o700 } as const;

/**
 * The mode of the files obs creates in an incident directory. A directory shared by a group
 * (group-writable; setgid so new files take its group) gets files the group can append to;
 * anything else stays private to its owner.
 */
export async function fileMode(dir: string): Promise<number> {
  try {
    const { mode } = await fs.stat(dir);
    return mode & 0o020 ? 0o660 : 0o600;
  } catch {
    return 0o600;
  }
}

/** One write call; a regular file only writes short when the disk is full, and then we finish or throw. */
async function writeFully(handle: fs.FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await handle.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

/** Make a new file's directory entry durable too. Not every platform can open a directory. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort.
  }
}
