import type { HttpClient } from '../../http/client.js';
import type { AlertFilter, AmAlert, AmAlertGroup, AmStatus, Matcher, PostableSilence, Silence } from './types.js';

/** Client for the Alertmanager API v2 (base URL carries any prefix, e.g. Mimir's /alertmanager). */
export class AlertmanagerClient {
  constructor(readonly http: HttpClient) {}

  async alerts(f: AlertFilter = {}): Promise<AmAlert[]> {
    return (await this.http.json<AmAlert[]>({ path: '/api/v2/alerts', query: filterParams(f) })).data ?? [];
  }

  async groups(f: AlertFilter = {}): Promise<AmAlertGroup[]> {
    return (await this.http.json<AmAlertGroup[]>({ path: '/api/v2/alerts/groups', query: filterParams(f) })).data ?? [];
  }

  /** Silences; `state` filters client-side because servers before 0.34 ignore the state parameters. */
  async silences(options: { filter?: string[]; state?: Silence['status']['state'][] } = {}): Promise<Silence[]> {
    const all = (await this.http.json<Silence[]>({ path: '/api/v2/silences', query: { filter: options.filter } })).data ?? [];
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
