// `obs alerts correlate --replay FILE --topology FILE`: fully offline, on captures of the demo world's
// Alertmanager (GET /api/v2/alerts) and Jaeger (GET /api/dependencies) made by
// test/fixtures/replay/capture.mjs. No backend and no config.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { CorrelationJson } from '../../src/alerts/index.js';
import { scenarioSpec } from '../../src/sim/world/scenarios.js';
import { runObs } from '../support/run-obs.js';

const dir = fileURLToPath(new URL('../fixtures/replay/', import.meta.url));
const alertsFile = (scenario: string) => join(dir, `${scenario}-alerts.json`);
const topologyFile = (scenario: string) => join(dir, `${scenario}-dependencies.json`);
const offline = (scenario: string, ...more: string[]) => ['--config-dir', configDir, 'alerts', 'correlate', '--replay', alertsFile(scenario), '--topology', topologyFile(scenario), ...more];
// An empty config directory: no stored context can leak in.
const configDir = mkdtempSync(join(tmpdir(), 'obs-correlate-'));

const SCENARIOS = ['payments-db-latency', 'checkout-bad-deploy', 'cart-cache-saturation'];

describe('obs alerts correlate --replay --topology (offline)', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: one group, the broken component first, every alert explained`, async () => {
      const run = await runObs(offline(scenario, '-o', 'json'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as CorrelationJson;
      const captured = JSON.parse(readFileSync(alertsFile(scenario), 'utf8')) as { fingerprint: string; labels: Record<string, string> }[];

      expect(report.groups).toHaveLength(1);
      const [group] = report.groups;
      expect(Object.keys(group!)).toEqual(['id', 'title', 'severity', 'services', 'alerts', 'startsAt', 'endsAt', 'rootCause', 'explanation']);
      expect([...group!.alerts].sort()).toEqual(captured.map((a) => a.fingerprint).sort());
      // The evidence ranking (README, "How obs ranks root causes") puts the broken component first, even
      // in cart-cache-saturation where the saturation rule fires two minutes after its callers' error
      // alerts: callers with only symptom alerts pass their weight on to what they depend on.
      expect(group!.rootCause[0]!.service).toBe(scenarioSpec(scenario).rootCause);
      expect(group!.title.startsWith(`${group!.rootCause[0]!.service}: `)).toBe(true);
      // One explanation line per alert, naming it and its service.
      expect(group!.explanation).toHaveLength(captured.length);
      for (const a of captured) expect(group!.explanation.some((line) => line.startsWith(`${a.labels.alertname} (${a.labels.service})`))).toBe(true);
      // Captured while firing: still active as of the capture.
      expect(group!.endsAt).toBeNull();
    });
  }

  it('explains payments-db-latency by the dependency graph and the cause alert', async () => {
    const run = await runObs(offline('payments-db-latency', '-o', 'json'));
    const [group] = (JSON.parse(run.stdout) as CorrelationJson).groups;
    expect(group!.rootCause[0]!.reasons).toEqual(expect.arrayContaining([
      'cause alert: DbConnectionsSaturated (saturated)',
      'deviated first (2026-11-23T16:31:30.000Z)',
      'deviating around it: caller payments',
    ]));
    expect(group!.explanation).toContain(
      'HighLatency (frontend) joined 1m30s after the group\'s latest alert: frontend depends on checkout (frontend → checkout), where HighLatency (checkout) fired',
    );
  });

  it('prints a table on a terminal, without escapes under NO_COLOR and coloured otherwise', async () => {
    const plain = await runObs(offline('cart-cache-saturation'), { env: { NO_COLOR: '1' }, tty: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(/\x1b/);
    const lines = plain.stdout.split('\n');
    expect(lines[0]).toBe('3 alerts in 1 incident group, most severe first');
    expect(lines[2]).toMatch(/^CRITICAL {2}[a-z-]+: \w+ and 2 more alerts on 3 services$/);
    expect(lines[3]).toMatch(/^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC → still active when captured \(9m in\) · 3 alerts · group [0-9a-f]{8}$/);
    expect(lines.some((l) => /^ {4}1\. [a-z-]+ {2}score [\d.]+$/.test(l))).toBe(true);
    expect(lines).toContain('       - cause alert: CacheSaturation (saturation)');
    expect(lines).toContain('  explanation');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);

    const coloured = await runObs(offline('cart-cache-saturation'), { tty: true });
    expect(coloured.stdout).toContain('\x1b[31m\x1b[1mCRITICAL');
  });

  it('prints YAML of the same document', async () => {
    const json = JSON.parse((await runObs(offline('checkout-bad-deploy', '-o', 'json'))).stdout);
    const yaml = parseYaml((await runObs(offline('checkout-bad-deploy', '-o', 'yaml'))).stdout);
    expect(yaml).toEqual(json);
  });

  it('reads the alerts from standard input with --replay -', async () => {
    const run = await runObs(['alerts', 'correlate', '--replay', '-', '--topology', topologyFile('checkout-bad-deploy'), '-o', 'json'], {
      stdin: readFileSync(alertsFile('checkout-bad-deploy'), 'utf8'),
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as CorrelationJson).groups[0]!.rootCause[0]!.service).toBe('checkout');
  });

  it('without a topology relates alerts by labels only, says so, and takes edges given by hand', async () => {
    const labelsOnly = await runObs(['--config-dir', configDir, 'alerts', 'correlate', '--replay', alertsFile('cart-cache-saturation'), '-o', 'json']);
    expect(labelsOnly.code).toBe(0);
    expect(labelsOnly.stderr).toContain('no topology: context "default" has no Jaeger, so alerts are related by labels only');
    // Three services with nothing in common: three groups.
    expect((JSON.parse(labelsOnly.stdout) as CorrelationJson).groups).toHaveLength(3);

    const byHand = await runObs(['--config-dir', configDir, 'alerts', 'correlate', '--replay', alertsFile('cart-cache-saturation'), '--edge', 'checkout:cart', '--edge', 'cart:cart-cache', '-o', 'json']);
    const groups = (JSON.parse(byHand.stdout) as CorrelationJson).groups;
    expect(groups).toHaveLength(1);
    expect(groups[0]!.rootCause[0]!.service).toBe('cart-cache');
  });

  it('splits alerts further apart than --window', async () => {
    const tight = await runObs(offline('payments-db-latency', '--window', '1m', '-o', 'json'));
    expect((JSON.parse(tight.stdout) as CorrelationJson).groups.length).toBeGreaterThan(1);
  });

  describe('bad input: exit 2, naming the file and what is wrong', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'obs-replay-'));
    const file = (name: string, text: string) => {
      const path = join(scratch, name);
      writeFileSync(path, text);
      return path;
    };

    it('a file that does not exist', async () => {
      const run = await runObs(['alerts', 'correlate', '--replay', join(scratch, 'nope.json'), '--topology', topologyFile('checkout-bad-deploy')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`obs: --replay ${join(scratch, 'nope.json')}: cannot read it (ENOENT)\n`);
    });

    it('broken JSON, with its line', async () => {
      const path = file('broken.json', '[\n  {"labels": {"alertname": "A"}, "startsAt": "2024-05-01T10:00:00Z"},\n]\n');
      const run = await runObs(['alerts', 'correlate', '--replay', path, '--topology', topologyFile('checkout-bad-deploy')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${path}: not valid JSON: Unexpected token ']', ..."00:00Z"},↵]↵" is not valid JSON\nobs: --replay ${path}: this problem must be fixed first\n`);
    });

    it('alerts without the fields correlation needs, each with its line', async () => {
      const path = file('fields.json', '[\n  {"labels": {"alertname": "A"}},\n  {"labels": {"alertname": "B"}, "startsAt": "soon"}\n]\n');
      const run = await runObs(['alerts', 'correlate', '--replay', path, '--topology', topologyFile('checkout-bad-deploy')]);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toEqual([
        `${path}:2: item 1: "startsAt" must be an RFC3339 time, found nothing`,
        `${path}:3: item 2: "startsAt" must be an RFC3339 time, found "soon"`,
        `obs: --replay ${path}: these 2 problems must be fixed first`,
        '',
      ]);
    });

    it('a topology file of the wrong shape', async () => {
      const path = file('topology.json', '{"nodes": []}');
      const run = await runObs(['alerts', 'correlate', '--replay', alertsFile('checkout-bad-deploy'), '--topology', path]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${path}:1: expected Jaeger's /api/dependencies answer`);
    });

    it('bad flags', async () => {
      const base = ['alerts', 'correlate', '--replay', alertsFile('checkout-bad-deploy'), '--topology', topologyFile('checkout-bad-deploy')];
      expect((await runObs([...base, '--edge', 'checkout'])).stderr).toContain('--edge checkout: expected parent:child');
      expect((await runObs([...base, '--window', 'soon'])).code).toBe(2);
      expect((await runObs([...base, '-o', 'csv'])).code).toBe(2);
      expect((await runObs(['alerts', 'correlate', '--replay', '-', '--topology', '-'])).code).toBe(2);
    });
  });
});
