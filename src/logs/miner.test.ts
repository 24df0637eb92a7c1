import { describe, expect, it } from 'vitest';
import { PatternMiner } from './miner.js';
import { extractParameters, patternId } from './template.js';

function mine(lines: string[], miner = new PatternMiner()): { miner: PatternMiner; ids: number[] } {
  const ids = lines.map((line) => miner.add(line).clusterId);
  return { miner, ids };
}

function templates(miner: PatternMiner): string[] {
  return miner.patterns().map((p) => p.template);
}

describe('PatternMiner', () => {
  it('groups the lines of one event and writes its template with wildcards', () => {
    const { miner, ids } = mine([
      'Accepted password for fztu from 119.137.62.142 port 49116 ssh2',
      'Accepted password for fztu from 10.0.0.7 port 22 ssh2',
      'Receiving block blk_-562 src: /10.251.30.6:33145 dest: /10.251.30.6:50010',
      'Receiving block blk_172 src: /10.250.11.1:49851 dest: /10.250.11.1:50010',
    ]);
    expect(ids).toEqual([1, 1, 2, 2]);
    expect(templates(miner)).toEqual([
      'Accepted password for fztu from <*> port <*> ssh2',
      'Receiving block <*> src: <*>:<*> dest: <*>:<*>',
    ]);
  });

  it('keeps lines apart that differ in a word: different words are different events', () => {
    const { miner } = mine([
      '10.0.0.1:80 error : Could not connect to proxy 10.0.0.9:5070 - connection attempt failed with error 10061',
      '10.0.0.2:80 error : Could not connect to proxy 10.0.0.9:5070 - Could not resolve proxy.example.com error 11001',
      'attempt_1_0001_m_000001_0 TaskAttempt Transitioned from NEW to UNASSIGNED',
      'attempt_1_0001_m_000002_0 TaskAttempt Transitioned from UNASSIGNED to ASSIGNED',
    ]);
    expect(miner.size).toBe(4);
  });

  it('merges names that differ, such as host names and class names', () => {
    const { miner } = mine([
      'Resolved MSRA-SA-39.fareast.corp.example.com to /default-rack',
      'Resolved 04DN8IQ.fareast.corp.example.com to /default-rack',
      'Registering class org.example.jobhistory.EventType for class org.example.JobHistoryEventHandler',
      'Registering class org.example.job.TaskEventType for class org.example.MRAppMaster$TaskEventDispatcher',
    ]);
    expect(templates(miner)).toEqual([
      'Resolved <*> to /default-rack',
      'Registering class <*> for class <*>',
    ]);
  });

  it('takes a variable number of values as one pattern (variable-length parameters)', () => {
    const { miner, ids } = mine([
      'proxy.example.com:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
      'proxy.example.com:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime <1 sec',
      'proxy.example.com:5070 close, 403 bytes sent, 18846 bytes (18.4 KB) received, lifetime 02:14',
      'BLOCK* ask 10.250.18.114:50010 to delete  blk_-5140072410813878235',
      'BLOCK* ask 10.250.17.177:50010 to delete  blk_-857 blk_-912 blk_-439 blk_876',
    ]);
    const [a, b] = [miner.resolve(ids[0]!), miner.resolve(ids[3]!)];
    expect(ids.map((id) => miner.resolve(id))).toEqual([a, a, a, b, b]);
    expect(templates(miner)).toEqual(['<*>:<*> close, <*> sent, <*> received, lifetime <*>', 'BLOCK* ask <*>:<*> to delete <*>']);
  });

  it('turns a word into a variable once four different words stand in one place, and not before', () => {
    const users = ['webmaster', 'admin', 'oracle', 'support', 'chen', 'test9', 'guest'];
    const { miner, ids } = mine(users.map((u, i) => `Invalid user ${u} from 173.234.31.${i}`));
    expect(templates(miner)).toEqual(['Invalid user <*> from <*>']);
    expect(new Set(ids.map((id) => miner.resolve(id)))).toEqual(new Set([1]));

    const four = mine(['ann', 'bob', 'cy', 'dee'].flatMap((u) => [`user ${u} logged in from 10.0.3.4`, `user ${u} logged in from 10.0.3.5`]));
    expect(templates(four.miner)).toEqual(['user <*> logged in from <*>']);

    const states = mine(['Paused', 'Resumed', 'Stopped'].map((s) => `[instance: 12] VM ${s} (Lifecycle Event)`));
    expect(states.miner.size).toBe(3);
  });

  it('takes empty brackets as an empty value', () => {
    const { miner } = mine([
      'connection from 211.167.68.59 () at Sat Jun 25 19:25:30 2005',
      'connection from 61.74.96.178 (host.example.com) at Wed Jun 29 03:22:22 2005',
    ]);
    expect(templates(miner)).toEqual(['connection from <*> (<*>) at <*>']);
  });

  it('absorbs patterns that a generalised template now covers', () => {
    const { miner } = mine([
      'Failed none for invalid user admin from 5.188.10.180 port 52631 ssh2',
      'Failed none for invalid user oracle from 5.188.10.180 port 52632 ssh2',
      'Failed none for invalid user 0 from 185.190.58.151 port 55495 ssh2',
    ]);
    expect(templates(miner)).toEqual(['Failed none for invalid user <*> from <*> port <*> ssh2']);
    expect(miner.patterns()[0]!.count).toBe(3);
  });

  it('follows merges: every number add() returned still resolves', () => {
    const users = ['a1x', 'bob', 'carol', 'dave', 'erin'];
    const { miner, ids } = mine(users.map((u) => `session opened for user ${u} by (uid=0)`));
    expect(new Set(ids).size).toBeGreaterThan(1);
    const resolved = ids.map((id) => miner.get(id)!);
    expect(new Set(resolved.map((p) => p.id))).toEqual(new Set([patternId('session opened for user <*> by (uid=<*>)')]));
    expect(resolved[0]!.count).toBe(5);
  });

  it('says when a line starts a new pattern', () => {
    const miner = new PatternMiner();
    expect(miner.add('Connection closed by 1.2.3.4 [preauth]').created).toBe(true);
    expect(miner.add('Connection closed by 5.6.7.8 [preauth]').created).toBe(false);
    expect(miner.add('Connection reset by peer').created).toBe(true);
  });

  it('matches without learning', () => {
    const { miner } = mine(['Got allocated containers 1', 'Got allocated containers 2']);
    const before = JSON.stringify(miner.toJSON());
    expect(miner.match('Got allocated containers 17')?.template).toBe('Got allocated containers <*>');
    expect(miner.match('Something else entirely')).toBeUndefined();
    expect(JSON.stringify(miner.toJSON())).toBe(before);
  });

  it('keeps first and last seen times and a few raw samples, unsanitised', () => {
    const miner = new PatternMiner({ maxSamples: 2 });
    miner.add('login failed for 10.0.0.1 \u001b[31mred\u001b[0m', 2000);
    miner.add('login failed for 10.0.0.2 \u001b[31mred\u001b[0m', 1000);
    miner.add('login failed for 10.0.0.3 \u001b[31mred\u001b[0m', 3000);
    const [p] = miner.patterns();
    expect(p).toMatchObject({ count: 3, firstSeen: 1000, lastSeen: 3000 });
    expect(p!.samples).toEqual(['login failed for 10.0.0.1 \u001b[31mred\u001b[0m', 'login failed for 10.0.0.2 \u001b[31mred\u001b[0m']);
  });

  it('evicts the least recently seen pattern beyond maxClusters', () => {
    const miner = new PatternMiner({ maxClusters: 2 });
    const a = miner.add('alpha event happened 1').clusterId;
    const b = miner.add('beta thing started 1').clusterId;
    miner.add('alpha event happened 2'); // alpha is now the most recent
    const c = miner.add('gamma job finished 1').clusterId;
    expect(miner.size).toBe(2);
    expect(miner.resolve(b)).toBeUndefined();
    expect(miner.resolve(a)).toBe(a);
    expect(miner.resolve(c)).toBe(c);
    expect(templates(miner).sort()).toEqual(['alpha event happened <*>', 'gamma job finished <*>']);
  });

  it('keeps at most maxLeafTemplates templates under one prefix, evicting the least recent', () => {
    const miner = new PatternMiner({ maxLeafTemplates: 3 });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
    const ids = words.map((w, i) => miner.add(`Processing request ${w} ${words[(i + 2) % 5]} done`).clusterId);
    expect(miner.size).toBe(3);
    expect(ids.map((id) => miner.resolve(id) !== undefined)).toEqual([false, false, true, true, true]);
  });

  it('is deterministic: the same lines give the same state and ids', () => {
    const lines = corpus();
    const one = mine(lines);
    const two = mine(lines);
    expect(two.ids).toEqual(one.ids);
    expect(JSON.stringify(two.miner.toJSON())).toBe(JSON.stringify(one.miner.toJSON()));
    expect(two.miner.patterns().map((p) => p.id)).toEqual(one.miner.patterns().map((p) => p.id));
  });

  it('saves to plain JSON and goes on where it stopped', () => {
    const lines = corpus();
    const whole = mine(lines);
    const half = Math.floor(lines.length / 2);
    const first = mine(lines.slice(0, half));
    const restored = PatternMiner.fromJSON(JSON.parse(JSON.stringify(first.miner.toJSON())));
    const rest = lines.slice(half).map((line) => restored.add(line).clusterId);
    expect([...first.ids, ...rest]).toEqual(whole.ids);
    expect(restored.patterns()).toEqual(whole.miner.patterns());
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(whole.miner.toJSON()));
  });

  it('refuses a state it does not know', () => {
    expect(() => PatternMiner.fromJSON({ version: 2 } as never)).toThrow(/version 1/);
  });
});

describe('parameters', () => {
  it('extracts the values a line gives to its template', () => {
    const miner = new PatternMiner();
    const lines = [
      'proxy.example.com:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes received, lifetime <1 sec',
      'proxy.example.com:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
    ];
    for (const line of lines) miner.add(line);
    const { template } = miner.match(lines[0]!)!;
    expect(extractParameters(template, lines[0]!)).toEqual(['proxy.example.com', '5070', '1190 bytes (1.16 KB)', '1671', '<1 sec']);
    expect(extractParameters(template, lines[1]!)).toEqual(['proxy.example.com', '5070', '0 bytes', '0', '00:01']);
    expect(extractParameters(template, 'something else')).toBeUndefined();
  });

  it('reads values inside tokens and keeps whitespace runs as one space', () => {
    expect(extractParameters('Received block blk_<*> of size <*> from /<*>', 'Received block blk_-42   of size 67108864 from /10.0.0.1')).toEqual([
      '-42', '67108864', '10.0.0.1',
    ]);
    expect(extractParameters('no values here', ' no values  here ')).toEqual([]);
    // the message of a JSON line, without its other fields
    expect(extractParameters('<*> failed', '{"level":"info","msg":"job 7 failed","id":"x-1"}')).toEqual(['job 7']);
  });
});

/** A small corpus with merges, generalisations and several shapes. */
function corpus(): string[] {
  const lines: string[] = [];
  const users = ['root', 'admin', 'oracle', 'test', 'guest', 'pi', 'ubnt'];
  for (let i = 0; i < 60; i++) {
    const ip = `10.${i % 7}.${(i * 13) % 251}.${(i * 31) % 253}`;
    lines.push(`Invalid user ${users[i % users.length]} from ${ip}`);
    lines.push(`Received disconnect from ${ip}: 11: Bye Bye [preauth]`);
    if (i % 3 === 0) lines.push(`${ip}:443 close, ${i * 17} bytes${i % 2 ? ` (${i}.5 KB)` : ''} sent, ${i} bytes received, lifetime 00:0${i % 10}`);
    if (i % 5 === 0) lines.push(`Resolved host-${String.fromCharCode(97 + (i % 26))}${i}.example.com to /default-rack`);
    if (i % 4 === 0) lines.push(`PacketResponder ${i % 3} for block blk_${i * 7919} terminating`);
  }
  return lines;
}
