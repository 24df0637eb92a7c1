import type { Backends } from '../src/backends/index.js';
import type { CockpitData, IncidentItem } from '../src/cockpit/types.js';
import { liveCockpit } from '../src/cockpit/live.js';
import { loadBusiness } from '../src/cockpit/business.js';
import { DEFAULT_KEY_EVENTS } from '../src/analytics/index.js';
import { loadContextSlos, sloCockpit } from '../src/slo/live.js';
import { PatternCache, servicePatterns } from '../src/logs/live.js';
import { incidentStore } from './incident-run.js';
import { identityOf } from '../src/identity/identity.js';
import { logPatternSource } from '../src/alerts/live-sources.js';
import { reusedLogPatterns } from '../src/alerts/reused-log-patterns.js';
import { ConfigStore, configDir } from '../src/config/store.js';
import type { Session } from './session.js';

/** The cockpit data of the session's context, with every capability the context supports. */
export async function cockpitFor(s: Session, backends: Backends): Promise<CockpitData> {
  const context = backends.context.context;
  const now = s.io.now;
  const configFile = s.opts.demo ? undefined : new ConfigStore(configDir(s.opts.configDir, s.io.env)).path;
  const { slos, problems } = await loadContextSlos(context, process.cwd(), configFile);
  for (const p of problems.slice(0, 3)) s.warn(`SLO spec ${p.file}:${p.line}: ${p.message}`);
  const sloData = slos.length && backends.has('prometheus') ? sloCockpit(backends.prometheus, slos, now) : undefined;
  const store = await incidentStore(s, backends);
  const incidents = async (): Promise<IncidentItem[]> =>
    (await store.list()).incidents.filter((i) => i.status !== 'resolved').map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status }));
  const keyEvents = context.keyEvents?.length ? context.keyEvents : DEFAULT_KEY_EVENTS;
  const patternCache = new PatternCache();
  const identity = identityOf(backends, now);
  const serviceLogs = backends.has('loki')
    ? async (service: string) => servicePatterns(backends.loki, service, now(), { cache: patternCache, selector: await identity.logSelectorOf() })
    : undefined;
  const data = liveCockpit(backends, {
    now,
    extras: {
      slos: sloData?.slos,
      serviceSlos: sloData?.serviceSlos,
      budgets: sloData?.budgetByService,
      incidents,
      business: backends.has('amplitude') ? () => loadBusiness(backends.amplitude, keyEvents, now()) : undefined,
      serviceLogs,
    },
    rankingEvidence: {
      ...(sloData ? { sloBurn: sloData.burnByService } : {}),
      // The likely causes are ranked every few refreshes; their log lines are read at most once a minute.
      ...(backends.has('loki') ? { newLogPatterns: reusedLogPatterns(logPatternSource(backends, identity), { maxAgeMs: 60_000, now }) } : {}),
    },
  });
  return { ...data, board: async (name) => (await import('./board-run.js')).boardLoader(s, backends)(name) };
}
