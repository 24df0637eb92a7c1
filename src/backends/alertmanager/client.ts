import type { HttpClient } from '../../http/client.js';
import { isRecord } from '../../json/record.js';
import { listOf, wrongShape } from '../shape.js';
import type { AlertFilter, AmAlert, AmAlertGroup, AmStatus, Matcher, PostableSilence, Silence } from './types.js';

/** Client for the Alertmanager API v2 (base URL carries any prefix, e.g. Mimir's /alertmanager). */
export class AlertmanagerClient {
  constructor(readonly http: HttpClient) {}

  async alerts(f: AlertFilter = {}): Promise<AmAlert[]> {
    const path = '/api/v2/alerts';
    return listOf((await this.http.json({ path, query: filterParams(f) })).data, 'alert list', this.wrongShape(path), isAlert);
  }

  async groups(f: AlertFilter = {}): Promise<AmAlertGroup[]> {
    const path = '/api/v2/alerts/groups';
    const isGroup = (g: unknown) => isRecord(g) && Array.isArray(g.alerts) && g.alerts.every(isAlert);
    return listOf((await this.http.json({ path, query: filterParams(f) })).data, 'alert group list', this.wrongShape(path), isGroup);
  }

  /** Silences; `state` filters client-side because servers before 0.34 ignore the state parameters. */
  async silences(options: { filter?: string[]; state?: Silence['status']['state'][] } = {}): Promise<Silence[]> {
    const path = '/api/v2/silences';
    const isSilence = (s: unknown) => isRecord(s) && isRecord(s.status) && Array.isArray(s.matchers);
    const all = listOf<Silence>((await this.http.json({ path, query: { filter: options.filter } })).data, 'silence list', this.wrongShape(path), isSilence);
    return options.state ? all.filter((s) => options.state!.includes(s.status.state)) : all;
  }

  /** Create (or update, with `id`) a silence; returns the id the server assigned, which may be new. */
  async createSilence(silence: PostableSilence): Promise<string> {
    const answer = await this.http.json<{ silenceID: string }>({ method: 'POST', path: '/api/v2/silences', json: silence });
    return answer.data.silenceID;
  }

  async expireSilence(id: string): Promise<void> {
    await this.http.json({ method: 'DELETE', path: `/api/v2/silence/${encodeURIComponent(id)}` });
  }

  async status(): Promise<AmStatus> {
    return (await this.http.json<AmStatus>({ path: '/api/v2/status' })).data;
  }

  private wrongShape(path: string) {
    return wrongShape('alertmanager', this.http.displayUrl(path), 'check that the URL points at the Alertmanager API (with its path prefix, e.g. /alertmanager for Mimir)');
  }
}

function isAlert(a: unknown): boolean {
  return isRecord(a) && isRecord(a.labels) && (a.status === undefined || isRecord(a.status));
}

function filterParams(f: AlertFilter) {
  return { filter: f.filter, active: f.active, silenced: f.silenced, inhibited: f.inhibited, receiver: f.receiver };
}

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*$/;

/** Parse `name="value"`, `name=~"re"`, `name!=v` into an Alertmanager matcher. */
export function parseMatcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m) throw new SyntaxError(`invalid matcher ${JSON.stringify(text)}: expected name="value", name!="value", name=~"regex" or name!~"regex"`);
  const [, name, op, quoted, bare] = m;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare;
  return { name, value, isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' };
}
