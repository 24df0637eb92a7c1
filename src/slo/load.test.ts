import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSloFiles, parseSloSources } from './load.js';
import { formatProblem } from './spec-node.js';

/** One spec file from lines, so line numbers in assertions can be counted: line N is rows[N-1]. */
function load(...rows: string[]) {
  return parseSloSources([{ file: 'slos.yaml', text: rows.join('\n') }]);
}

function problems(...rows: string[]): string[] {
  return load(...rows).problems.map(formatProblem);
}

const RATIO_SLO = (objective: string[], metric: string[] = RATIO_BAD) => [
  'apiVersion: openslo/v1', //   1
  'kind: SLO', //                2
  'metadata:', //                3
  '  name: api-availability', // 4
  'spec:', //                    5
  '  service: api', //           6
  '  indicator:', //             7
  '    metadata:', //            8
  '      name: api-errors', //   9
  '    spec:', //               10
  '      ratioMetric:', //      11
  ...metric, //                 12-21
  '  timeWindow:', //           22
  '    - duration: 30d', //     23
  '      isRolling: true', //   24
  '  budgetingMethod: Occurrences', // 25
  '  objectives:', //           26
  ...objective, //              27-
];

const RATIO_BAD = [
  '        bad:', //                                        12
  '          metricSource:', //                             13
  '            type: Prometheus', //                        14
  '            spec:', //                                   15
  '              query: http_requests_total{service="api",code=~"5.."}', // 16
  '        total:', //                                      17
  '          metricSource:', //                             18
  '            type: Prometheus', //                        19
  '            spec:', //                                   20
  '              query: http_requests_total{service="api"}', // 21
];

describe('OpenSLO v1', () => {
  it('reads a bad/total ratio and wraps bare counter selectors as sum(increase(sel[window]))', () => {
    const { slos, problems } = load(...RATIO_SLO(['    - target: 0.999']));
    expect(problems).toEqual([]);
    expect(slos).toHaveLength(1);
    expect(slos[0]).toMatchObject({
      name: 'api-availability',
      service: 'api',
      objective: 0.999,
      period: { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 },
      budgeting: { method: 'Occurrences' },
      format: 'openslo',
      source: { file: 'slos.yaml', line: 1 },
      indicator: {
        kind: 'ratio',
        numerator: 'bad',
        numeratorQuery: 'sum(increase(http_requests_total{service="api",code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(increase(http_requests_total{service="api"}[{{.window}}]))',
      },
    });
  });

  it('reads good/total from a kind: SLI referenced by indicatorRef in another document', () => {
    const { slos, problems } = load(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: cart-availability}',
      'spec:',
      '  service: cart',
      '  indicatorRef: cart-good',
      '  timeWindow: [{duration: 7d, isRolling: true}]',
      '  objectives: [{targetPercent: 99.5}]',
      '---',
      'apiVersion: openslo/v1',
      'kind: Service',
      'metadata: {name: cart}',
      'spec: {}',
      '---',
      'apiVersion: openslo/v1',
      'kind: SLI',
      'metadata: {name: cart-good}',
      'spec:',
      '  ratioMetric:',
      '    good: {metricSource: {type: Prometheus, spec: {query: "sum(rate(http_requests_total{service=\\"cart\\",code!~\\"5..\\"}[{{.window}}]))"}}}',
      '    total: {metricSource: {spec: {query: "rate(http_requests_total{service=\\"cart\\"}[{{.window}}])"}}}',
    );
    expect(problems).toEqual([]);
    expect(slos[0]).toMatchObject({
      name: 'cart-availability',
      objective: 0.995,
      period: { kind: 'rolling', label: '7d', ms: 7 * 86_400_000 },
      budgeting: { method: 'Occurrences' },
      indicator: {
        numerator: 'good',
        numeratorQuery: 'sum(rate(http_requests_total{service="cart",code!~"5.."}[{{.window}}]))',
        // a template that could return several series gets a sum(...) so every query returns one
        totalQuery: 'sum(rate(http_requests_total{service="cart"}[{{.window}}]))',
      },
    });
  });

  it('reads a latency objective from histogram buckets (thresholdMetric, op lte, value)', () => {
    const { slos, problems } = load(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: payments-latency}',
      'spec:',
      '  service: payments',
      '  indicator:',
      '    spec:',
      '      thresholdMetric:',
      '        metricSource:',
      '          type: Prometheus',
      '          spec: {query: \'http_request_duration_seconds_bucket{service="payments"}\'}',
      '  timeWindow: [{duration: 30d, isRolling: true}]',
      '  objectives:',
      '    - {op: lte, value: 0.5, target: 0.99}',
    );
    expect(problems).toEqual([]);
    expect(slos[0].indicator).toEqual({
      kind: 'latency',
      bucketSelector: 'http_request_duration_seconds_bucket{service="payments"}',
      threshold: 0.5,
      // Where Prometheus's "not a bucket boundary" points, not the document's first line.
      thresholdAt: expect.objectContaining({ line: 14 }),
    });
  });

  it('reads a calendar window and Timeslices budgeting', () => {
    const { slos, problems } = load(
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: auth-uptime}',
      'spec:',
      '  service: auth',
      '  indicator:',
      '    spec:',
      '      ratioMetric:',
      '        good: {metricSource: {spec: {query: \'http_requests_total{code!~"5.."}\'}}}',
      '        total: {metricSource: {spec: {query: http_requests_total}}}',
      '  timeWindow:',
      '    - duration: 1M',
      '      isRolling: false',
      '      calendar: {startTime: "2024-01-01 00:00:00", timeZone: Europe/Paris}',
      '  budgetingMethod: Timeslices',
      '  objectives:',
      '    - {target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: 5m}',
    );
    expect(problems).toEqual([]);
    expect(slos[0].period).toEqual({
      kind: 'calendar',
      label: '1M',
      ms: 30 * 86_400_000,
      unit: 'M',
      count: 1,
      startTime: '2024-01-01 00:00:00',
      timeZone: 'Europe/Paris',
    });
    expect(slos[0].budgeting).toEqual({ method: 'Timeslices', sliceTarget: 0.95, sliceMs: 300_000 });
  });

  it('makes one SLO per objective, named after the objective', () => {
    const { slos } = load(
      ...RATIO_SLO(['    - displayName: Internal objective', '      target: 0.999', '    - displayName: SLA', '      target: 0.99']),
    );
    expect(slos.map((s) => [s.name, s.objective])).toEqual([
      ['api-availability-internal-objective', 0.999],
      ['api-availability-sla', 0.99],
    ]);
  });
});

describe('Sloth prometheus/v1', () => {
  it('reads percent objectives and {{.window}} templates; names are <service>-<name>', () => {
    const { slos, problems } = load(
      'version: "prometheus/v1"',
      'service: "payments"',
      'slos:',
      '  - name: "availability"',
      '    objective: 99.9',
      '    description: "No 5xx."',
      '    sli:',
      '      events:',
      '        error_query: sum(rate(http_requests_total{service="payments",code=~"5.."}[{{.window}}]))',
      '        total_query: sum(rate(http_requests_total{service="payments"}[{{ .window }}]))',
      '  - name: "errors-by-counter"',
      '    objective: 99',
      '    sli:',
      '      events:',
      '        error_query: http_requests_total{service="payments",code=~"5.."}',
      '        total_query: http_requests_total{service="payments"}',
    );
    expect(problems).toEqual([]);
    expect(slos.map((s) => s.name)).toEqual(['payments-availability', 'payments-errors-by-counter']);
    expect(slos[0]).toMatchObject({
      service: 'payments',
      description: 'No 5xx.',
      objective: 0.999, // exactly, not 0.9990000000000001
      period: { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 },
      format: 'sloth',
      source: { line: 4 },
      indicator: {
        numerator: 'bad',
        numeratorQuery: 'sum(rate(http_requests_total{service="payments",code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{service="payments"}[{{ .window }}]))',
      },
    });
    expect(slos[1].indicator).toMatchObject({
      numeratorQuery: 'sum(increase(http_requests_total{service="payments",code=~"5.."}[{{.window}}]))',
    });
  });

  it('reads the PrometheusServiceLevel resource and skips other Kubernetes objects', () => {
    const { slos, problems } = load(
      'apiVersion: sloth.slok.dev/v1',
      'kind: PrometheusServiceLevel',
      'metadata: {name: web}',
      'spec:',
      '  service: web',
      '  slos:',
      '    - name: availability',
      '      objective: 99.5',
      '      sli: {events: {error_query: \'errors_total{job="web"}\', total_query: \'requests_total{job="web"}\'}}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: other}',
    );
    expect(problems).toEqual([]);
    expect(slos.map((s) => [s.name, s.objective, s.source.line])).toEqual([['web-availability', 0.995, 7]]);
  });
});

describe('spec errors name file:line and what is wrong', () => {
  it('rejects a target of 1 or more, or below 0', () => {
    expect(problems(...RATIO_SLO(['    - target: 1']))).toEqual([
      'slos.yaml:27: spec.objectives[0].target: target must be below 1 (got 1); an objective of 100% leaves no error budget',
    ]);
    expect(problems(...RATIO_SLO(['    - target: -0.5']))).toEqual(['slos.yaml:27: spec.objectives[0].target: target must not be negative (got -0.5)']);
    expect(problems(...RATIO_SLO(['    - targetPercent: 100']))).toEqual([
      'slos.yaml:27: spec.objectives[0].targetPercent: objective must be below 100% (got 100); 100% leaves no error budget',
    ]);
    expect(
      problems('version: prometheus/v1', 'service: s', 'slos:', '  - name: a', '    objective: 100.5', '    sli: {events: {error_query: e, total_query: t}}'),
    ).toEqual(['slos.yaml:5: slos[0].objective: objective must be below 100% (got 100.5); 100% leaves no error budget']);
  });

  it('points at a query that is neither a counter selector nor a {{.window}} template', () => {
    const metric = [...RATIO_BAD];
    metric[4] = '              query: sum(rate(http_requests_total{code=~"5.."}[5m]))';
    expect(problems(...RATIO_SLO(['    - target: 0.99'], metric))).toEqual([
      'slos.yaml:16: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query: query must be a counter selector ' +
        '(obs counts it as sum(increase(<selector>[window]))) or contain {{.window}} where the window goes; ' +
        'got: sum(rate(http_requests_total{code=~"5.."}[5m]))',
    ]);
  });

  it('points at PromQL syntax errors', () => {
    const metric = [...RATIO_BAD];
    metric[9] = '              query: sum(rate(http_requests_total[{{.window}}])';
    const [p] = problems(...RATIO_SLO(['    - target: 0.99'], metric));
    expect(p).toMatch(/^slos\.yaml:21: spec\.indicator\.spec\.ratioMetric\.total\.metricSource\.spec\.query: PromQL syntax error at character/);
  });

  it('points at unsupported sources, raw ratios and ambiguous numerators', () => {
    const datadog = [...RATIO_BAD];
    datadog[2] = '            type: Datadog';
    expect(problems(...RATIO_SLO(['    - target: 0.99'], datadog))).toEqual([
      'slos.yaml:14: spec.indicator.spec.ratioMetric.bad.metricSource.type: metric source type "Datadog" is not supported: obs queries Prometheus-compatible backends',
    ]);
    const raw = ['        raw:', '          metricSource: {spec: {query: x}}', ...RATIO_BAD.slice(5)];
    expect(problems(...RATIO_SLO(['    - target: 0.99'], raw))[0]).toBe(
      'slos.yaml:12: spec.indicator.spec.ratioMetric.raw: raw ratios are not supported: obs divides event counts itself; give good/total or bad/total',
    );
    const both = ['        good: {metricSource: {spec: {query: x}}}', ...RATIO_BAD.slice(0, 9)];
    expect(problems(...RATIO_SLO(['    - target: 0.99'], both))[0]).toBe('slos.yaml:13: spec.indicator.spec.ratioMetric.bad: give good or bad, not both');
  });

  it('points at missing fields, from the mapping that lacks them', () => {
    const rows = RATIO_SLO(['    - target: 0.99']);
    rows.splice(5, 1); // drop "  service: api": the problem points at "spec:" (line 5)
    expect(problems(...rows)).toEqual(['slos.yaml:5: missing required field "spec.service"']);
    expect(problems(...RATIO_SLO(['    - displayName: none']))).toEqual([
      'slos.yaml:27: spec.objectives[0]: needs a target (e.g. 0.999) or targetPercent (e.g. 99.9)',
    ]);
  });

  it('reports every problem of a document in one run, each at its own line', () => {
    const rows = RATIO_SLO(['    - target: 1.5', '    - displayName: none']);
    rows.splice(5, 1); // no service: "spec:" (line 5)
    rows[21] = '    - duration: 1M'; // a rolling month (line 22 once the service is gone)
    expect(problems(...rows)).toEqual([
      'slos.yaml:5: missing required field "spec.service"',
      'slos.yaml:22: spec.timeWindow[0].duration: a rolling window needs a fixed length such as 30d or 4w, not "1M"',
      expect.stringMatching(/^slos\.yaml:26: spec\.objectives\[0\]\.target: /),
      'slos.yaml:27: spec.objectives[1]: needs a target (e.g. 0.999) or targetPercent (e.g. 99.9)',
    ]);
  });

  it('reports a problem of every Sloth SLO entry in one run', () => {
    expect(problems(
      'version: prometheus/v1', //                                    1
      'service: s', //                                                 2
      'slos:', //                                                      3
      '  - name: a', //                                                4
      '    objective: 100.5', //                                       5
      '    sli: {events: {error_query: e, total_query: t}}', //        6
      '  - name: b', //                                                7
      '    objective: 99', //                                          8
      '    sli: {plugin: {id: x}}', //                                  9
    ).map((p) => p.split(': ')[0])).toEqual(['slos.yaml:5', 'slos.yaml:9']);
  });

  it('points at bad time windows and budgeting methods', () => {
    const monthlyRolling = RATIO_SLO(['    - target: 0.99']);
    monthlyRolling[22] = '    - duration: 1M';
    expect(problems(...monthlyRolling)).toEqual([
      'slos.yaml:23: spec.timeWindow[0].duration: a rolling window needs a fixed length such as 30d or 4w, not "1M"',
    ]);
    const calendar = (duration: string, zone: string) => {
      const rows = RATIO_SLO(['    - target: 0.99']);
      rows.splice(22, 2, `    - duration: ${duration}`, '      isRolling: false', `      calendar: {startTime: "2024-01-01 00:00:00", timeZone: ${zone}}`);
      return problems(...rows);
    };
    expect(calendar('1m', 'UTC')).toEqual([
      'slos.yaml:23: spec.timeWindow[0].duration: a calendar window is a whole number of d, w, M (months), Q or Y, e.g. 1M or 1w; got "1m"',
    ]);
    expect(calendar('1M', 'Mars/Olympus')).toEqual([
      'slos.yaml:25: spec.timeWindow[0].calendar.timeZone: unknown time zone "Mars/Olympus": expected an IANA name such as Europe/Paris or UTC',
    ]);
    const ratioSlices = RATIO_SLO(['    - target: 0.99']);
    ratioSlices[24] = '  budgetingMethod: RatioTimeslices';
    expect(problems(...ratioSlices)).toEqual([
      'slos.yaml:25: spec.budgetingMethod: budgetingMethod "RatioTimeslices" is not supported: use Occurrences or Timeslices',
    ]);
    const slices = RATIO_SLO(['    - target: 0.99']);
    slices[24] = '  budgetingMethod: Timeslices';
    expect(problems(...slices)).toEqual(['slos.yaml:27: missing required field "spec.objectives[0].timeSliceTarget"']);
  });

  it('points at latency thresholds that cannot be read from a histogram', () => {
    const latency = (query: string, objective: string) =>
      problems(
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: {name: lat}',
        'spec:',
        '  service: api',
        '  indicator:',
        '    spec:',
        '      thresholdMetric:',
        `        metricSource: {spec: {query: '${query}'}}`,
        '  timeWindow: [{duration: 30d}]',
        '  objectives:',
        `    - ${objective}`,
      );
    expect(latency('http_request_duration_seconds_count{job="api"}', '{op: lte, value: 0.5, target: 0.99}')[0]).toMatch(
      /^slos\.yaml:9: .*query: a thresholdMetric query must select a histogram's _bucket series/,
    );
    expect(latency('latency_bucket{le="0.5"}', '{op: lte, value: 0.5, target: 0.99}')).toEqual([
      'slos.yaml:9: spec.indicator.spec.thresholdMetric.metricSource.spec.query: leave out the le matcher: obs picks the bucket from the objective value',
    ]);
    expect(latency('latency_bucket', '{op: gte, value: 0.5, target: 0.99}')).toEqual([
      'slos.yaml:12: spec.objectives[0].op: a histogram counts requests at or below a bucket boundary: use op: lte (got "gte")',
    ]);
    expect(latency('latency_bucket', '{op: lte, target: 0.99}')).toEqual(['slos.yaml:12: missing required field "spec.objectives[0].value"']);
  });

  it('points at unknown references, versions and documents', () => {
    expect(
      problems(
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: {name: x}',
        'spec:',
        '  service: api',
        '  indicatorRef: nowhere',
        '  timeWindow: [{duration: 30d}]',
        '  objectives: [{target: 0.9}]',
        '---',
        'apiVersion: openslo/v1alpha',
        'kind: SLO',
        '---',
        'just: some yaml',
      ),
    ).toEqual([
      'slos.yaml:6: spec.indicatorRef: no kind: SLI document named "nowhere" was loaded',
      'slos.yaml:10: apiVersion: only openslo/v1 is supported (got openslo/v1alpha)',
      'slos.yaml:13: not an SLO spec: expected apiVersion: openslo/v1 (kind: SLO or SLI) or Sloth\'s version: "prometheus/v1"',
    ]);
  });

  it('reports YAML syntax errors and keeps the good documents', () => {
    const { slos, problems } = load(
      'version: prometheus/v1',
      'service: ok',
      'slos: [{name: a, objective: 99, sli: {events: {error_query: e_total, total_query: t_total}}}]',
      '---',
      'service: [unclosed',
    );
    expect(slos.map((s) => s.name)).toEqual(['ok-a']);
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0])).toMatch(/^slos\.yaml:\d+: invalid YAML: /);
  });

  it('rejects a second SLO with the same name, pointing at both', () => {
    const doc = ['version: prometheus/v1', 'service: s', 'slos: [{name: a, objective: 99, sli: {events: {error_query: e, total_query: t}}}]'];
    const { slos, problems } = parseSloSources([
      { file: 'one.yaml', text: doc.join('\n') },
      { file: 'two.yaml', text: ['# the same again', ...doc].join('\n') },
    ]);
    expect(slos).toHaveLength(1);
    expect(problems.map(formatProblem)).toEqual(['two.yaml:4: SLO name "s-a" is already used at one.yaml:3']);
  });
});

describe('loading files', () => {
  it('reads a directory recursively, multi-document files included, and reports broken files', async () => {
    const { slos, problems } = await loadSloFiles(['test/fixtures/slo']);
    expect(slos.map((s) => s.name)).toEqual([
      'checkout-availability',
      'payments-latency',
      'payments-availability',
      'cart-availability-weekly',
      'cart-availability-monthly',
      'auth-uptime',
      'frontend-requests-availability',
      'frontend-requests-latency',
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'test/fixtures/slo/invalid/objective-100.sloth.yaml:5: slos[0].objective: objective must be below 100% (got 100); 100% leaves no error budget',
    ]);
  });

  it('reads a file reached twice once, so it is no duplicate of itself; two files naming one SLO still are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-slo-'));
    const spec = (service: string) => readFileSync('test/fixtures/slo/demo/payments.sloth.yaml', 'utf8').replace(/^service: .*$/m, `service: ${service}`);
    writeFileSync(join(dir, 'a.yaml'), spec('alpha'));
    symlinkSync(join(dir, 'a.yaml'), join(dir, 'link.yml'));
    const twice = await loadSloFiles([dir, join(dir, 'a.yaml'), `${dir}/../${basename(dir)}/a.yaml`]);
    expect(twice.problems).toEqual([]);
    expect(twice.slos.map((s) => s.name)).toEqual(['alpha-availability']);
    writeFileSync(join(dir, 'b.yaml'), spec('alpha'));
    expect((await loadSloFiles([dir, join(dir, 'b.yaml')])).problems.map(formatProblem)).toEqual([
      `${join(dir, 'b.yaml')}:7: SLO name "alpha-availability" is already used at ${join(dir, 'a.yaml')}:7`,
    ]);
  });

  it('names a path that does not exist', async () => {
    const { slos, problems } = await loadSloFiles(['test/fixtures/slo/demo/payments.sloth.yaml', 'no/such/dir']);
    expect(slos.map((s) => s.name)).toEqual(['payments-availability']);
    expect(problems.map(formatProblem)).toEqual(['no/such/dir: no such file or directory']);
  });
});
