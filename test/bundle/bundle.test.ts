/**
 * The single-file build, run the way it is on a bastion host: copied alone into an empty
 * directory and started with plain `node`, no node_modules, no NODE_PATH, no package.json.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeServer } from '../support/fake-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = join(root, 'dist', 'obs.mjs');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;

/** The newest modification time of anything that goes into the bundle. */
function newestSource(): number {
  let newest = Math.max(statSync(join(root, 'package.json')).mtimeMs, statSync(join(root, 'scripts', 'bundle.mjs')).mtimeMs);
  for (const dir of ['src', 'commands', 'views']) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

const dir = mkdtempSync(join(tmpdir(), 'obs-bastion-'));
const home = mkdtempSync(join(tmpdir(), 'obs-bastion-home-'));
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'xterm-256color' };

// Counts WebAssembly instantiations: Ink's layout engine (yoga) is WASM, so 0 means Ink was never evaluated.
const probe = join(dir, 'wasm-probe.mjs');
writeFileSync(probe, `import { writeFileSync } from 'node:fs';
let n = 0;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function (...args) { n++; return instantiate.apply(this, args); };
process.on('exit', () => writeFileSync(process.env.PROBE_OUT, String(n)));
`);

function obs(args: string[], extraEnv: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['obs.mjs', ...args], { cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
}

function wasmInstantiations(args: string[]): number {
  const out = join(dir, `probe-${args.join('-')}.txt`);
  const r = spawnSync(process.execPath, ['--import', probe, 'obs.mjs', ...args], { cwd: dir, env: { ...env, PROBE_OUT: out }, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return Number(readFileSync(out, 'utf8'));
}

beforeAll(() => {
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`npm run bundle failed:\n${built.stderr}`);
  }
  copyFileSync(bundle, join(dir, 'obs.mjs'));
}, 120_000);

describe('dist/obs.mjs on its own', () => {
  it('is one executable file with a shebang', () => {
    const text = readFileSync(join(dir, 'obs.mjs'), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bundle).mode & 0o111).not.toBe(0);
    expect(readdirSync(dir).filter((f) => !f.startsWith('probe') && f !== 'wasm-probe.mjs')).toEqual(['obs.mjs']);
  });

  it('prints the version embedded at build time', () => {
    const r = obs(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('prints help with every command group', () => {
    const r = obs(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['query', 'alerts', 'logs', 'top', 'doctor', 'completion']) expect(r.stdout).toContain(`  ${command}`);
  });

  it('queries a Prometheus over HTTP', async () => {
    const prometheus = await startFakeServer((_req, res) => reply(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'node' }, value: [1700000000, '1'] }] } }));
    try {
      // spawnSync would block the fake server's event loop, so this one runs asynchronously.
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['obs.mjs', 'query', 'up', '-o', 'json'], { cwd: dir, env: { ...env, OBS_PROMETHEUS_URL: prometheus.url } });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(JSON.parse(stdout).result[0]).toEqual({ labels: { job: 'node' }, time: 1700000000, value: 1 });
    } finally {
      await prometheus.close();
    }
  });

  it('runs a query against the embedded demo world', () => {
    const r = obs(['query', '--demo', 'up', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.resultType).toBe('vector');
    expect(doc.result.map((s: { labels: { service: string } }) => s.labels.service)).toContain('payments');
  });

  it('unpacks its program once into the cache directory, and runs without one where it cannot be written', () => {
    const cache = mkdtempSync(join(tmpdir(), 'obs-bastion-cache-'));
    // An earlier version's copy is replaced, not kept beside the new one.
    mkdirSync(join(cache, 'obs'));
    writeFileSync(join(cache, 'obs', 'program-0.0.1-0123456789abcdef.mjs'), '');
    expect(obs(['query', '--help'], { XDG_CACHE_HOME: cache }).status).toBe(0);
    const unpacked = readdirSync(join(cache, 'obs'));
    expect(unpacked).toEqual([expect.stringMatching(new RegExp(`^program-${version.replaceAll('.', '\\.')}-[0-9a-f]{16}\\.mjs$`))]);
    const notADirectory = join(cache, 'file');
    writeFileSync(notADirectory, '');
    const r = obs(['query', '--demo', 'up', '-o', 'json'], { XDG_CACHE_HOME: notADirectory });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).resultType).toBe('vector');
  });

  it('does not evaluate Ink for commands that do not draw', () => {
    expect(wasmInstantiations(['--version'])).toBe(0);
    expect(wasmInstantiations(['query', '--help'])).toBe(0);
  });
});

const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
if (!tmux && process.env.CI === 'true') {
  describe('obs top from the bundle', () => {
    it('needs tmux in CI', () => {
      throw new Error('tmux is not installed: the bundle test must drive `obs top` in CI (apt-get install tmux)');
    });
  });
}

describe.skipIf(!tmux)('obs top from the bundle, in tmux', () => {
  const socket = `obs-bundle-${process.pid}`;
  const tmuxRun = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], { cwd: dir, env, encoding: 'utf8' });
  afterAll(() => {
    tmuxRun('kill-server');
  });

  it('draws the cockpit of the demo world, loads Ink there, and quits on q', async () => {
    const exitFile = join(dir, 'top-exit.txt');
    const probeOut = join(dir, 'top-probe.txt');
    const command = `PROBE_OUT=${probeOut} ${process.execPath} --import ${probe} obs.mjs top --demo; echo $? > ${exitFile}`;
    expect(tmuxRun('new-session', '-d', '-s', 'top', '-x', '100', '-y', '30', '-c', dir, command).status).toBe(0);
    let screen = '';
    for (let waited = 0; waited < 45_000 && !/Services \([1-9]\d*\)/.test(screen); waited += 500) {
      await new Promise((r) => setTimeout(r, 500));
      screen = tmuxRun('capture-pane', '-p', '-t', 'top').stdout;
    }
    expect(screen).toContain('obs · demo');
    expect(screen).toMatch(/Services \([1-9]\d*\)/);
    // A services table row: name, request rate, error ratio.
    expect(screen).toMatch(/checkout\s+[\d.]+\/s\s+[\d.]+%/);
    tmuxRun('send-keys', '-t', 'top', 'q');
    for (let waited = 0; waited < 15_000 && !existsSync(exitFile); waited += 250) await new Promise((r) => setTimeout(r, 250));
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    expect(Number(readFileSync(probeOut, 'utf8'))).toBeGreaterThan(0);
  }, 90_000);
});
