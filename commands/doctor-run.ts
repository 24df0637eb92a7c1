import { BACKENDS, type Backend } from '../src/config/types.js';
import type { Backends } from '../src/backends/index.js';
import { cockpitAlerts } from '../src/alerts/live.js';
import { diagnoseIdentity, type IdentityProbe } from '../src/doctor/identity.js';
import { identityOf } from '../src/identity/identity.js';
import { ConfigError } from '../src/config/errors.js';
import { diagnoseBackend, diagnoseTerminal, doctorExitCode, type BackendProbe, type Finding, type TerminalProbe } from '../src/doctor/diagnose.js';
import { formatFindings, summary } from '../src/doctor/format.js';
import { probeBackend } from '../src/doctor/probe.js';
import { proxyRoute } from '../src/http/proxy-route.js';
import { renderOutput } from '../src/output/format.js';
import { isUtf8 } from '../src/output/terminal.js';
import { detectTerminal } from '../views/terminal.js';
import { ExitWith, EXIT } from './io.js';
import type { Session } from './session.js';

export async function runDoctor(s: Session): Promise<void> {
  const backends = await s.backends();
  const { context } = backends;
  const configured = BACKENDS.filter((b) => context.backends[b]);
  if (configured.length === 0)
    throw new ConfigError(`context "${context.name}" has no backend URL to check`, `add one with \`obs context set ${context.name} prometheus.url URL\` (or OBS_PROMETHEUS_URL), or try \`obs doctor --demo\``);
  const probes = await Promise.all(
    configured.map(async (backend): Promise<BackendProbe> => {
      const cfg = context.backends[backend]!;
      return {
        backend,
        url: cfg.url,
        tenant: cfg.tenant,
        authConfigured: cfg.authConfigured,
        // The HTTP client reads the proxy variables of the process, so this does too.
        proxy: proxyRoute(cfg.url, cfg.proxy, process.env, `${backend}.proxy`),
        ...(await probeBackend(backends.http(backend), backend, s.io.now)),
      };
    }),
  );
  const [{ incidentStore }, { diagnoseIncidentDir, probeIncidentDir }] = await Promise.all([import('./incident-run.js'), import('../src/doctor/incident-dir.js')]);
  const incidents = diagnoseIncidentDir(await probeIncidentDir((await incidentStore(s, backends)).dir));
  const reached = new Set(probes.filter((p) => !p.error).map((p) => p.backend));
  const findings: Finding[] = [
    ...probes.flatMap((p) => diagnoseBackend(p, context.name)),
    ...diagnoseIdentity(await identityProbe(s, backends, reached)),
    ...incidents,
    ...diagnoseTerminal(terminalProbe(s)),
  ];
  const format = s.format();
  if (format === 'table') {
    const unicode = detectTerminal(s.io.env, { color: s.opts.color }).unicode;
    s.print(`obs doctor: context "${context.name}"`);
    s.print(formatFindings(findings, { unicode, color: s.color }));
    s.print(summary(findings));
  } else {
    s.print(renderOutput(format, findings, [
      { header: 'STATUS', value: (f) => f.status },
      { header: 'SUBJECT', value: (f) => f.subject },
      { header: 'CHECK', value: (f) => f.check },
      { header: 'MESSAGE', value: (f) => f.message },
      { header: 'FIX', value: (f) => f.fix },
    ], { context: context.name, ok: doctorExitCode(findings) === 0, findings }));
  }
  if (doctorExitCode(findings) !== 0) throw new ExitWith(EXIT.backend);
}

/** What obs detects about service names, from the backends that answered (each part optional). */
async function identityProbe(s: Session, backends: Backends, reached: Set<Backend>): Promise<IdentityProbe> {
  const identity = identityOf(backends, s.io.now);
  const quietly = <T>(p: Promise<T>) => p.catch(() => undefined);
  const [metrics, alerts, logs, traceServices] = await Promise.all([
    reached.has('prometheus') ? quietly(identity.metrics()) : undefined,
    reached.has('alertmanager') || reached.has('prometheus') ? quietly(cockpitAlerts(backends, identity.alertOptions)) : undefined,
    reached.has('loki') ? quietly(identity.logs()) : undefined,
    reached.has('jaeger') ? quietly(identity.traceServices()) : undefined,
  ]);
  const named = alerts?.filter((a) => a.service) ?? [];
  return {
    contextName: backends.context.name,
    metrics,
    metricServices: metrics ? [...new Set([...metrics.conventions.flatMap((c) => c.services), ...metrics.exporters.flatMap((e) => e.services), ...metrics.jobs])] : [],
    alertLabels: identity.alertOptions.labels ?? [],
    alerts: alerts && { total: alerts.length, named: named.length, services: [...new Set(named.map((a) => a.service))] },
    logs,
    traceServices,
  };
}

function terminalProbe(s: Session): TerminalProbe {
  const env = s.io.env;
  const stdout = s.io.stdout as { isTTY?: boolean; columns?: number; rows?: number };
  return {
    stdoutTty: stdout.isTTY === true,
    stdinTty: s.io.stdin.isTTY === true,
    columns: stdout.columns,
    rows: stdout.rows,
    color: detectTerminal(env, { color: s.opts.color }).color && stdout.isTTY === true,
    utf8: isUtf8(env),
    env: { TERM: env.TERM, NO_COLOR: env.NO_COLOR, LANG: env.LANG, LC_ALL: env.LC_ALL, LC_CTYPE: env.LC_CTYPE },
  };
}
