/**
 * The shipped boards against the demo world, through the CLI: every panel of platform-health and
 * ai-performance draws with live numbers at 80 and 200 columns (exit 0 means no panel failed).
 * One demo world serves every run, through a stored context that points at it, as `obs demo
 * --save` would write. platform-health evaluates the demo SLOs (30-day windows): seconds per run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type Demo } from '../../src/sim/server.js';
import { demoContextConfig } from '../../commands/demo-context.js';
import { runObs } from '../support/run-obs.js';

let demo: Demo;
const configDir = mkdtempSync(join(tmpdir(), 'obs-home-'));
// A directory without ./boards, so only the context's boards are listed.
const cwd = process.cwd();

beforeAll(async () => {
  demo = await startDemo();
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'demo', contexts: { demo: demoContextConfig(demo.urls) } }), { mode: 0o600 });
});

afterAll(async () => {
  await demo?.close();
});

const obs = (...args: string[]) => runObs(['--config-dir', configDir, ...args]);

const PLATFORM = ['Request rate', 'Error ratio', 'Latency p95', 'Requests by service', 'Error ratio by service', 'Latency p50 / p95 / p99', 'Services now', 'CPU (cores)', 'Resident memory', 'Database connections in use', 'Cache hit rate', 'Queue depth', 'Firing alerts', 'SLO budgets', 'Checkouts vs a week ago', 'Recent errors'];
const AI = ['Inference rate', 'Success rate', 'p95 latency', 'Tokens per request', 'Cost per 1,000 requests', 'Inference latency', 'Success rate by model', 'Tokens per request by kind', 'Cost per 1,000 requests by model', 'Models now', 'Share of requests'];

/** The text inside the box of the panel titled `title` (the lines below its title, up to its bottom border). */
function panelText(frame: string, title: string): string {
  const lines = frame.split('\n');
  // Titles are cut to narrow panels: find the panel by the start of its title.
  const start = `│${title.slice(0, 20)}`;
  const row = lines.findIndex((l) => l.includes(start));
  if (row < 0) return '';
  const column = lines[row].indexOf(start);
  const end = lines[row].indexOf('│', column + 1);
  const body: string[] = [];
  for (let i = row + 1; i < lines.length && !lines[i].slice(column, end + 1).startsWith('╰'); i++) body.push(lines[i].slice(column + 1, end));
  return body.join('\n');
}

function expectLive(frame: string, titles: string[]) {
  for (const title of titles) {
    const body = panelText(frame, title);
    expect(body, `panel "${title}"`).toMatch(title === 'Firing alerts' ? /critical|warning|none firing/ : /\d/);
    expect(body, `panel "${title}"`).not.toMatch(/no data|loading|error —/);
  }
  expect(frame).not.toMatch(/error —|loading…|stale/);
}

describe('obs board show with the demo world', () => {
  it.each([
    [80, 24],
    [200, 60],
  ])('draws every panel of platform-health with live numbers at %ix%i', async (width, height) => {
    // At 80x24 the board scrolls: --once without --height draws all of it at that width.
    const r = await obs('board', 'show', 'platform-health', '--once', '--width', String(width), ...(width === 200 ? ['--height', String(height)] : []));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectLive(r.stdout, PLATFORM);
    expect(r.stdout).toMatch(/\d+(\.\d+)? req\/s/);
    expect(panelText(r.stdout, 'Firing alerts')).toContain('PaymentsDb');
    // A budget per SLO; narrow panels colour the name by the verdict instead of spelling it.
    expect(panelText(r.stdout, 'SLO budgets')).toMatch(/-?\d+\.\d\d%/);
    if (width === 200) expect(panelText(r.stdout, 'SLO budgets')).toMatch(/(OK|WARNING|BREACHED) +-?\d+\.\d\d%/);
    for (const line of r.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
    if (width === 200) {
      // The whole board on one 200x60 screen: no scrolling.
      expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(height);
      expect(r.stdout).not.toContain('(j/k)');
    }
  }, 240_000);

  it.each([80, 200])('draws every panel of ai-performance with live numbers at %i columns', async (width) => {
    const r = await obs('board', 'show', 'ai-performance', '--once', '--width', String(width));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectLive(r.stdout, AI);
    expect(r.stdout).toMatch(/recs-embed-v2/);
    expect(r.stdout).toMatch(/\$\d+\.\d\d/);
  }, 120_000);

  it('takes variable values from --var and says which values a variable has', async () => {
    const r = await obs('board', 'show', 'ai-performance', '--once', '--var', 'model=recs-rerank-8b');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$model: recs-rerank-8b');
    expect(panelText(r.stdout, 'Models now')).not.toContain('recs-embed-v2');
    const unknown = await obs('board', 'show', 'ai-performance', '--once', '--var', 'region=eu');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the board has no variable $region');
  }, 120_000);

  it('fails only the panels of a backend that is down, and exits 3', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'obs-home-'));
    writeFileSync(join(broken, 'config.json'), JSON.stringify({ currentContext: 'demo', contexts: { demo: { ...demoContextConfig(demo.urls), loki: { url: 'http://127.0.0.1:9', timeout: '2s' } } } }), { mode: 0o600 });
    const r = await runObs(['--config-dir', broken, 'board', 'show', 'ai-performance', '--once']);
    expect(r.code).toBe(0); // the AI board has no Loki panel
    const p = await runObs(['--config-dir', broken, 'board', 'show', 'platform-health', '--once', '--width', '120']);
    expect(p.code).toBe(3);
    expect(p.stderr).toContain('1 panel could not be drawn: recent-errors');
    expect(p.stdout).toMatch(/Recent errors error — loki: /);
    expect(panelText(p.stdout, 'Request rate')).toMatch(/req\/s/);
  }, 240_000);
});

describe('obs board list and lint', () => {
  it('lists the context\'s boards with their titles and panel counts', async () => {
    const r = await obs('board', 'list', '-o', 'json');
    expect(r.code).toBe(0);
    const boards = JSON.parse(r.stdout).boards as { name: string; title: string; panels: number; problems: number }[];
    expect(boards.filter((b) => ['platform-health', 'ai-performance'].includes(b.name)).map((b) => [b.name, b.title, b.panels, b.problems])).toEqual([
      ['ai-performance', 'AI performance', 11, 0],
      ['platform-health', 'Platform health', 16, 0],
    ]);
    expect(cwd).toBeTruthy();
  });

  it('lints the shipped boards clean, and reports a broken one as file:line:column with exit 2', async () => {
    const ok = await obs('board', 'lint');
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/obs: \d+ boards ok/);
    const dir = mkdtempSync(join(tmpdir(), 'obs-boards-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'title: Bad\nrows:\n  - panels:\n      - kind: stat\n        title: Rate\n        query: sum(rate(x[5m])\n        unit: furlongs\n');
    const r = await obs('board', 'lint', bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+: .*PromQL`, 'm'));
    expect(r.stdout).toMatch(/:7:\d+: .*unit/);
    expect(r.stderr).toMatch(/obs: 2 problems in 1 of 1 board/);
  });

  it('says where boards are looked for when one is missing', async () => {
    const r = await obs('board', 'show', 'no-such-board', '--once');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no board "no-such-board"');
    expect(r.stderr).toContain('obs board list');
  });
});
