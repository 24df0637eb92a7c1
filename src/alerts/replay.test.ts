import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileProblems, parseReplayAlerts, parseTopology } from './replay.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/replay/${name}`, import.meta.url), 'utf8');

function problems(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof FileProblems) return err.problems.map((p) => `${p.line ?? '-'}: ${p.message}`);
    throw err;
  }
  throw new Error('expected problems');
}

describe('parseReplayAlerts', () => {
  it("reads a capture of the demo world's Alertmanager as of the moment it was captured", () => {
    const text = fixture('payments-db-latency-alerts.json');
    const { alerts, asOf } = parseReplayAlerts(text);
    const newestUpdate = Math.max(...(JSON.parse(text) as { updatedAt: string }[]).map((a) => Date.parse(a.updatedAt)));
    expect(asOf).toBe(newestUpdate);
    expect(alerts).toHaveLength(7);
    // Captured while firing: each alert's endsAt (the resolve timeout) lies after the capture.
    expect(alerts.every((a) => a.state === 'firing')).toBe(true);
    expect(new Set(alerts.map((a) => a.labels.service))).toEqual(new Set(['payments-db', 'payments', 'checkout', 'frontend']));
  });

  it('takes a hand-written file with only labels and startsAt, and marks alerts that ended before the capture resolved', () => {
    const { alerts, asOf } = parseReplayAlerts(JSON.stringify([
      { labels: { alertname: 'Old', service: 'a' }, startsAt: '2024-05-01T10:00:00Z', endsAt: '2024-05-01T10:05:00Z' },
      { labels: { alertname: 'New', service: 'a' }, startsAt: '2024-05-01T10:20:00Z' },
    ]));
    expect(asOf).toBe(Date.parse('2024-05-01T10:20:00Z'));
    expect(alerts.map((a) => `${a.name} ${a.state}`)).toEqual(['Old resolved', 'New firing']);
    expect(alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('names the line and item of every problem', () => {
    const text = `[
  {"labels": {"alertname": "A"}, "startsAt": "2024-05-01T10:00:00Z"},
  {"labels": {"alertname": "B", "n": 3}, "startsAt": "yesterday"},
  "not an alert",
  {"startsAt": "2024-05-01T10:00:00Z", "status": {"silencedBy": "x"}}
]`;
    expect(problems(() => parseReplayAlerts(text))).toEqual([
      '3: item 2: label "n" must be a string, found 3',
      '3: item 2: "startsAt" must be an RFC3339 time, found "yesterday"',
      '4: item 3: expected an alert object, found "not an alert"',
      '5: item 4: "labels" must be an object of label names to string values',
      '5: item 4: "status.silencedBy" must be an array of ids',
    ]);
  });

  it('says where JSON syntax breaks and what the file looks like instead', () => {
    expect(problems(() => parseReplayAlerts('[\n  {"labels": {},}\n]'))).toEqual(['2: not valid JSON: Expected double-quoted property name']);
    expect(problems(() => parseReplayAlerts(''))).toEqual(['-: not valid JSON: Unexpected end of JSON input']);
    expect(problems(() => parseReplayAlerts('{"status": "success", "data": {"alerts": []}}'))).toEqual([
      "1: expected the JSON array of Alertmanager's GET /api/v2/alerts, found an object",
    ]);
    expect(problems(() => parseReplayAlerts('{"data": []}'))[0]).toContain('this looks like a Prometheus /api/v1/alerts or Jaeger answer');
  });

  it('keeps terminal escapes in a broken file out of its messages', () => {
    const [message] = problems(() => parseReplayAlerts('[{"labels": {"a": "b"}, "startsAt": "\\u001b]0;pwned\\u0007"}]'));
    expect(message).not.toMatch(/[\x00-\x1f]/);
  });

  it('shows at most 20 problems', () => {
    const text = JSON.stringify(Array.from({ length: 30 }, () => ({ labels: {} })));
    const found = problems(() => parseReplayAlerts(text));
    expect(found).toHaveLength(21);
    expect(found.at(-1)).toBe('-: and 10 more problems');
  });
});

describe('parseTopology', () => {
  it("reads Jaeger's envelope and the bare array", () => {
    const { dependencies } = parseTopology(fixture('payments-db-latency-dependencies.json'));
    expect(dependencies).toContainEqual(expect.objectContaining({ parent: 'payments', child: 'payments-db' }));
    expect(parseTopology('[{"parent": "a", "child": "b", "callCount": 2}]').dependencies).toEqual([{ parent: 'a', child: 'b', callCount: 2 }]);
  });

  it('reads a typed knowledge graph: calls, instances of services, hosts', () => {
    const { dependencies, placement } = parseTopology(JSON.stringify({
      nodes: [{ id: 'web', type: 'Service' }, { id: 'db', type: 'Database' }, { id: 'web1', type: 'Service_Instance' }, { id: 'host1', type: 'Host' }],
      edges: [
        { source: 'web', target: 'db', label: 'data_flow' },
        { source: 'web', target: 'web', label: 'control_flow' },
        { source: 'web1', target: 'web', label: 'instance_of' },
        { source: 'web', target: 'web1', label: 'has_instance' },
        { source: 'web1', target: 'host1', label: 'hosted_on' },
        { source: 'host1', target: 'db', label: 'hosts' },
        { source: 'web', target: 'zookeeper', label: 'registers_with' },
      ],
    }));
    expect(dependencies).toEqual([{ parent: 'web', child: 'db', callCount: 0 }]);
    expect(placement.instances).toEqual(new Map([['web1', 'web']]));
    expect(placement.hosts).toEqual(new Map([['web1', 'host1'], ['db', 'host1']]));
    expect(placement.hostNames).toEqual(new Set(['host1']));
  });

  it('names the nodes and edges of a knowledge graph that are not', () => {
    const text = '{"nodes": [\n  {"id": "a"},\n  {"type": "Host"}\n], "edges": [\n  {"source": "a", "target": "b"}\n]}';
    expect(problems(() => parseTopology(text))).toEqual([
      '3: item 2: a node must be an object with a non-empty string "id"',
      '5: item 1: an edge must have non-empty string "source", "target" and "label"',
    ]);
  });

  it('names the edges that are not edges', () => {
    const text = '{"data": [\n  {"parent": "a", "child": "b"},\n  {"parent": "a"}\n]}';
    expect(problems(() => parseTopology(text))).toEqual(['3: item 2: "child" must be a service name, found nothing']);
    expect(problems(() => parseTopology('{"data": null}'))[0]).toContain("expected Jaeger's /api/dependencies answer");
    expect(problems(() => parseTopology('{"data": null}'))[0]).toContain('or a knowledge graph');
  });
});
