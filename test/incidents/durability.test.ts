/**
 * Durability of the incident store against real processes: a writer SIGKILLed over and over in
 * the middle of appending, and two writers appending to one incident at once.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/incidents/store.js';
import type { IncidentEvent } from '../../src/incidents/types.js';
import { compileForChild } from './compile.js';

const CHILD = join(import.meta.dirname, 'append-child.mjs');
let storeModule: string;

beforeAll(() => {
  storeModule = compileForChild('src/incidents/store.ts');
});

/** A writer process; it starts appending when `go()` is called. */
function startWriter(dir: string, id: string, tag: string, count?: number, pauseMs?: number) {
  const args = [CHILD, storeModule, dir, id, tag, String(count ?? 'forever'), ...(pauseMs ? [String(pauseMs)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const acks: number[] = [];
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let stderr = '';
  let buffered = '';
  const listeners: (() => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') markReady();
      else acks.push(Number(/^ack (\d+)$/.exec(line)![1]));
    }
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const go = () => ready.then(() => child.stdin!.end('go\n'));
  return { child, acks, exited, go, stderr: () => stderr, onAck: (l: () => void) => listeners.push(l) };
}

function notesByWriter(events: IncidentEvent[]): Map<string, number[]> {
  const byWriter = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'note') continue;
    const [tag, seq] = e.text.split(':');
    expect(e.author).toBe(tag);
    byWriter.set(tag, [...(byWriter.get(tag) ?? []), Number(seq)]);
  }
  return byWriter;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('incident store durability', () => {
  it('keeps every acknowledged event when the writer is SIGKILLed mid-append, again and again', async () => {
    const ROUNDS = 40;
    const dir = mkdtempSync(join(tmpdir(), 'obs-kill-'));
    const { id } = await new IncidentStore({ dir, author: 'test' }).open({ title: 'durability', severity: 'sev4' });
    const file = join(dir, `${id}.jsonl`);
    const lastAcked = new Map<string, number>();
    let tornInjected = 0;
    let killedHoldingLock = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const tag = `w${round}`;
      const writer = startWriter(dir, id, tag);
      // Kill 0-4 ms after the n-th ack, which lands anywhere in a later append: before the lock,
      // inside it (between write and fsync, or before the release), or after.
      const killAt = 1 + ((round * 7) % 13);
      await writer.go();
      await new Promise<void>((resolve) => {
        let armed = false;
        writer.onAck(() => {
          if (armed || writer.acks.length < killAt) return;
          armed = true;
          setTimeout(() => resolve(), round % 5);
        });
        writer.exited.then(() => resolve());
      });
      writer.child.kill('SIGKILL');
      const { signal } = await writer.exited;
      expect(signal, writer.stderr()).toBe('SIGKILL');
      if (existsSync(`${file}.lock`)) killedHoldingLock++;
      if (writer.acks.length) lastAcked.set(tag, writer.acks.at(-1)!);
      // Every fifth round, also leave the torn line a crash inside write() would leave.
      if (round % 5 === 2) {
        appendFileSync(file, `{"type":"note","at":"2026-11-23T10:00:00.000Z","author":"w${round}","text":"w${round}:torn`);
        tornInjected++;
      }
    }

    const { events, warnings } = await new IncidentStore({ dir, author: 'test' }).read(id);
    expect(events[0].type).toBe('opened');
    const byWriter = notesByWriter(events);
    for (const [tag, acked] of lastAcked) {
      const seqs = byWriter.get(tag) ?? [];
      // Nothing acknowledged is lost, nothing is duplicated, order is kept; at most the one
      // event in flight when the kill landed is there without its ack.
      expect(seqs.slice(0, acked + 1), tag).toEqual(range(acked + 1));
      expect(seqs.length - (acked + 1), tag).toBeLessThanOrEqual(1);
      expect(seqs).toEqual(range(seqs.length));
    }
    expect(warnings.every((w) => w.kind === 'torn' || w.kind === 'corrupt')).toBe(true);
    expect(warnings.length).toBeGreaterThanOrEqual(tornInjected);
    // The kills did land inside the critical section (and the next writer broke the stale lock).
    expect(killedHoldingLock).toBeGreaterThan(0);
    // A torn line never swallows the event appended after it.
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(events.length + warnings.length);
    const acknowledged = [...lastAcked.values()].reduce((a, n) => a + n + 1, 0);
    const inFlight = events.length - 1 - acknowledged;
    console.log(
      `durability: ${ROUNDS} SIGKILLs, ${acknowledged} acknowledged events all read back ` +
        `(+${inFlight} written but killed before the ack), ` +
        `${killedHoldingLock} kills left the lock held (broken as stale by the next writer), ${tornInjected} torn lines skipped`,
    );
  }, 120_000);

  it('loses nothing when two processes append to the same incident at once', async () => {
    const N = 300;
    const dir = mkdtempSync(join(tmpdir(), 'obs-concurrent-'));
    const { id } = await new IncidentStore({ dir, author: 'test' }).open({ title: 'concurrent', severity: 'sev4' });
    // Short random pauses between appends, as separate commands would have; without them the
    // writer holding the lock tends to win it again and the other mostly waits (nothing is lost).
    const writers = [startWriter(dir, id, 'a', N, 2), startWriter(dir, id, 'b', N, 2)];
    await Promise.all(writers.map((w) => w.go()));
    const exits = await Promise.all(writers.map((w) => w.exited));
    exits.forEach((e, i) => expect(e, writers[i].stderr()).toEqual({ code: 0, signal: null }));
    expect(writers.map((w) => w.acks.length)).toEqual([N, N]);

    const { events, warnings } = await new IncidentStore({ dir, author: 'test' }).read(id);
    expect(warnings).toEqual([]);
    expect(events).toHaveLength(1 + 2 * N);
    const byWriter = notesByWriter(events);
    expect(byWriter.get('a')).toEqual(range(N));
    expect(byWriter.get('b')).toEqual(range(N));
    // Both really ran at once: their events interleave.
    const order = events.slice(1).map((e) => e.author);
    const switches = order.filter((a, i) => i > 0 && a !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(10);
    console.log(`concurrent: 2 writers x ${N} appends, all ${2 * N} read back, writers alternated ${switches} times`);
    expect(readdirSync(dir).filter((n) => n.includes('.lock'))).toEqual([]);
  }, 120_000);
});
