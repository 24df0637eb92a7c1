/** In-memory silences with Alertmanager's validation, states, update-or-replace and expiry rules. */
import { randomUUID } from 'node:crypto';
import { type Labels, type Matcher, type MatchType, matcher } from '../promql/labels.js';
import { matchesAll } from './matchers.js';

export interface SilenceMatcherJson {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

export interface Silence {
  id: string;
  matchers: SilenceMatcherJson[];
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
}

export type SilenceState = 'active' | 'pending' | 'expired';

/** An error carrying the HTTP status and body Alertmanager answers with. */
export class AmError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export function silenceState(s: Silence, now: number): SilenceState {
  if (s.endsAt <= now) return 'expired';
  if (s.startsAt > now) return 'pending';
  return 'active';
}

/** the operator a silence matcher stands for */
export function opOf(m: SilenceMatcherJson): MatchType {
  const equal = m.isEqual ?? true;
  if (m.isRegex) return equal ? '=~' : '!~';
  return equal ? '=' : '!=';
}

function compiled(m: SilenceMatcherJson): Matcher {
  return matcher(m.name, opOf(m), m.value);
}

function silenceMatches(s: Silence, labels: Labels): boolean {
  return matchesAll(s.matchers.map(compiled), labels);
}

function sameMatchers(a: SilenceMatcherJson[], b: SilenceMatcherJson[]): boolean {
  const key = (ms: SilenceMatcherJson[]) => ms.map((m) => `${m.name}\u0000${opOf(m)}\u0000${m.value}`).sort().join('\u0001');
  return key(a) === key(b);
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function validate(matchers: SilenceMatcherJson[]): void {
  if (matchers.length === 0) throw new AmError(400, 'at least one matcher required');
  let allMatchEmpty = true;
  matchers.forEach((m, i) => {
    if (!LABEL_NAME.test(m.name)) throw new AmError(400, `invalid label matcher ${i}: invalid label name "${m.name}"`);
    let c: Matcher;
    try {
      c = compiled(m);
    } catch (err) {
      throw new AmError(400, `invalid label matcher ${i}: invalid regular expression "${m.value}": ${(err as Error).message}`);
    }
    allMatchEmpty &&= matchesAll([c], {});
  });
  if (allMatchEmpty) throw new AmError(400, 'at least one matcher must not match the empty string');
}

export interface PostableSilence {
  id?: string;
  matchers: SilenceMatcherJson[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export class SilenceStore {
  private readonly silences = new Map<string, Silence>();

  constructor(private readonly now: () => number) {}

  get(id: string): Silence | undefined {
    return this.silences.get(id);
  }

  all(): Silence[] {
    return [...this.silences.values()];
  }

  /** Create, or update in place when allowed; otherwise expire the old one and create a new id. */
  set(p: PostableSilence): string {
    const now = this.now();
    if (p.startsAt >= p.endsAt) throw new AmError(400, 'Failed to create silence: start time must be before end time');
    if (p.endsAt < now) throw new AmError(400, "Failed to create silence: end time can't be in the past");
    validate(p.matchers);
    const startsAt = Math.max(p.startsAt, now);
    if (p.id) {
      const old = this.silences.get(p.id);
      if (!old) throw new AmError(404, 'silence not found');
      const state = silenceState(old, now);
      const inPlace =
        sameMatchers(old.matchers, p.matchers) &&
        ((state === 'active' && old.startsAt === p.startsAt) || (state === 'pending' && p.startsAt >= now));
      if (inPlace) {
        Object.assign(old, { endsAt: p.endsAt, startsAt: state === 'pending' ? p.startsAt : old.startsAt, createdBy: p.createdBy, comment: p.comment, updatedAt: now });
        return old.id;
      }
      if (state !== 'expired') this.expire(old.id);
    }
    const id = randomUUID();
    this.silences.set(id, { id, matchers: p.matchers, startsAt, endsAt: p.endsAt, updatedAt: now, createdBy: p.createdBy, comment: p.comment });
    return id;
  }

  /** Expire a silence (idempotent for expired ones); false if unknown. */
  expire(id: string): boolean {
    const s = this.silences.get(id);
    if (!s) return false;
    const now = this.now();
    const state = silenceState(s, now);
    if (state === 'pending') s.startsAt = now;
    if (state !== 'expired') {
      s.endsAt = now;
      s.updatedAt = now;
    }
    return true;
  }

  /** ids of active silences matching the labels */
  silencing(labels: Labels): string[] {
    const now = this.now();
    return this.all()
      .filter((s) => silenceState(s, now) === 'active' && silenceMatches(s, labels))
      .map((s) => s.id);
  }
}
