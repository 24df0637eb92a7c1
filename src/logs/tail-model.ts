/**
 * Pattern counts over a live stream of lines (`obs logs tail --patterns`): each line updates its
 * pattern's count, and a pattern first seen in a line written after the tail started is marked
 * new for a while, so the view can highlight it as it appears. Lines of the backfill (written
 * before the start) build up what is normal and are never new. Pure: the caller feeds lines.
 */
import { type LogLevel, worseLevel } from './level.js';
import { PatternMiner } from './miner.js';

export interface TailLine {
  line: string;
  /** When it was written, unix ms. */
  time: number;
  level?: LogLevel;
  /** Its stream's labels, kept with the first line of each pattern. */
  labels?: Record<string, string>;
}

export interface TailPatternRow {
  id: string;
  template: string;
  count: number;
  /** Lines written in the minute before now. */
  lastMinute: number;
  /** When its latest line was written, unix ms. */
  lastSeen: number;
  /** When it appeared, if it appeared after the tail started and is still new. */
  newSince?: number;
  level?: LogLevel;
  /** Its first line, raw: sanitise before display. */
  sample: string;
  /** That first line as it arrived: when, from which stream, the whole text. */
  first: { time: number; labels: Record<string, string>; line: string };
}

interface Tracked {
  first: TailPatternRow['first'];
  lastSeen: number;
  /** Times of its lines written within the last minute. */
  recent: number[];
  level?: LogLevel;
  newSince?: number;
}

const MINUTE = 60_000;

export class TailPatterns {
  private readonly miner = new PatternMiner();
  private readonly tracked = new Map<number, Tracked>();
  private total = 0;

  /**
   * @param startedAt lines written from this time on can start a new pattern (unix ms)
   * @param newForMs how long a new pattern stays marked
   */
  constructor(private readonly startedAt: number, private readonly newForMs = 5 * MINUTE) {}

  get lines(): number {
    return this.total;
  }

  get size(): number {
    return this.miner.size;
  }

  /** Takes lines that arrived at `now`; returns the ids of the patterns they started. */
  add(lines: readonly TailLine[], now: number): string[] {
    const created: number[] = [];
    for (const l of lines) {
      const r = this.miner.add(l.line, l.time);
      this.total++;
      let t = this.tracked.get(r.clusterId);
      if (!t) this.tracked.set(r.clusterId, (t = { first: { time: l.time, labels: l.labels ?? {}, line: l.line }, lastSeen: l.time, recent: [] }));
      t.lastSeen = Math.max(t.lastSeen, l.time);
      if (l.time > now - MINUTE) t.recent.push(l.time);
      if (l.level) t.level = worseLevel(t.level, l.level);
      if (r.created && l.time >= this.startedAt) {
        t.newSince = now;
        created.push(r.clusterId);
      }
    }
    return created.flatMap((c) => this.miner.get(c)?.id ?? []);
  }

  /** New patterns first (newest first), then by lines in the last minute, then by count. */
  rows(now: number): TailPatternRow[] {
    this.foldMerged();
    const rows: TailPatternRow[] = [];
    for (const p of this.miner.patterns()) {
      const t = this.tracked.get(p.clusterId) ?? { first: { time: 0, labels: {}, line: p.samples[0] ?? '' }, lastSeen: 0, recent: [] };
      t.recent = t.recent.filter((time) => time > now - MINUTE);
      const fresh = t.newSince !== undefined && now - t.newSince < this.newForMs;
      rows.push({
        id: p.id,
        template: p.template,
        count: p.count,
        lastMinute: t.recent.length,
        lastSeen: t.lastSeen,
        ...(fresh ? { newSince: t.newSince } : {}),
        ...(t.level ? { level: t.level } : {}),
        sample: p.samples[0] ?? '',
        first: t.first,
      });
    }
    return rows.sort(
      (a, b) => (b.newSince ?? -1) - (a.newSince ?? -1) || b.lastMinute - a.lastMinute || b.count - a.count || (a.id < b.id ? -1 : 1),
    );
  }

  /**
   * Moves what is known of patterns merged into others to the pattern they joined (the miner
   * keeps the older one, whose `newSince` stays: a variant that joined an older pattern is not
   * new) and forgets evicted ones.
   */
  private foldMerged(): void {
    for (const [id, t] of this.tracked) {
      const into = this.miner.resolve(id);
      if (into === id) continue;
      this.tracked.delete(id);
      if (into === undefined) continue;
      const kept = this.tracked.get(into);
      if (!kept) {
        this.tracked.set(into, { ...t, newSince: undefined });
        continue;
      }
      kept.lastSeen = Math.max(kept.lastSeen, t.lastSeen);
      kept.recent = [...kept.recent, ...t.recent];
      kept.level = worseLevel(kept.level, t.level);
    }
  }
}
