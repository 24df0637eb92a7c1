import { ConfigError } from '../config/errors.js';
import { redactSecretValue, resolveSecret } from '../config/secrets.js';
import { parseDuration } from '../time/time.js';
import { CHANNEL_TYPES, type ChannelConfig, type ChannelType, type NotifyConfig } from './types.js';
import { isRecord } from '../json/record.js';

const SEVERITY_KEYS = ['sev1', 'sev2', 'sev3', 'sev4'];
const CHANNEL_KEYS = ['type', 'routingKey', 'token', 'channel', 'url', 'headers', 'timeout'];
/** What each channel type cannot do without. */
const REQUIRED: Record<ChannelType, (keyof ChannelConfig)[]> = {
  pagerduty: ['routingKey'],
  slack: ['token', 'channel'],
  'slack-webhook': ['url'],
  webhook: ['url'],
};
const SECRET_KEYS = ['routingKey', 'token'] as const;

/** Check the `notify` key of a context; the first problem is thrown with the path of its key. */
export function validateNotify(value: unknown): void {
  if (!isRecord(value)) fail('notify', 'expected an object with "channels"');
  for (const key of Object.keys(value))
    if (!['channels', 'routes', 'escalateAfter', 'runbookUrl'].includes(key))
      fail(`notify.${key}`, 'unknown key (known: channels, routes, escalateAfter, runbookUrl)');
  const channels = value.channels ?? {};
  if (!isRecord(channels)) fail('notify.channels', 'expected named channels');
  for (const [name, channel] of Object.entries(channels)) {
    const at = (k: string) => `notify.channels.${name}${k ? `.${k}` : ''}`;
    if (!isRecord(channel)) fail(at(''), 'expected an object with "type"');
    for (const k of Object.keys(channel)) if (!CHANNEL_KEYS.includes(k)) fail(at(k), `unknown key (known: ${CHANNEL_KEYS.join(', ')})`);
    if (!(CHANNEL_TYPES as readonly unknown[]).includes(channel.type)) fail(at('type'), `expected one of ${CHANNEL_TYPES.join(', ')}`);
    for (const k of REQUIRED[channel.type as ChannelType])
      if (typeof channel[k] !== 'string' || channel[k] === '') fail(at(k), `a ${channel.type} channel needs ${k}`);
    for (const k of ['routingKey', 'token', 'channel', 'url', 'timeout'])
      if (channel[k] !== undefined && typeof channel[k] !== 'string') fail(at(k), 'expected a string');
    if (channel.headers !== undefined && (!isRecord(channel.headers) || Object.values(channel.headers).some((v) => typeof v !== 'string')))
      fail(at('headers'), 'expected a map of strings');
    if (typeof channel.timeout === 'string') duration(at('timeout'), channel.timeout);
  }
  if (value.routes !== undefined) {
    if (!isRecord(value.routes)) fail('notify.routes', 'expected channel lists per severity (sev1..sev4)');
    for (const [sev, names] of Object.entries(value.routes)) {
      const at = `notify.routes.${sev}`;
      if (!SEVERITY_KEYS.includes(sev)) fail(at, 'not a severity (sev1..sev4)');
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) fail(at, 'expected a list of channel names');
      for (const n of names as string[]) if (!(n in channels)) fail(at, `no channel named "${n}" in notify.channels`);
    }
  }
  if (value.escalateAfter !== undefined && value.escalateAfter !== 'off') {
    if (typeof value.escalateAfter !== 'string') fail('notify.escalateAfter', 'expected a duration like 15m, or off');
    duration('notify.escalateAfter', value.escalateAfter);
  }
  if (value.runbookUrl !== undefined && (typeof value.runbookUrl !== 'string' || !/^https?:\/\//.test(value.runbookUrl)))
    fail('notify.runbookUrl', "expected an http(s) URL, with {runbook} where the runbook's name goes");
}

/** A channel ready to send on: secrets resolved (and registered for redaction). */
export interface ResolvedChannel {
  name: string;
  type: ChannelType;
  url: string;
  routingKey?: string;
  token?: string;
  channel?: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export const DEFAULT_URLS: Partial<Record<ChannelType, string>> = {
  pagerduty: 'https://events.pagerduty.com/v2/enqueue',
  slack: 'https://slack.com/api',
};
const DEFAULT_TIMEOUT_MS = 5_000;

export function resolveChannels(contextName: string, config: NotifyConfig): ResolvedChannel[] {
  return Object.entries(config.channels).map(([name, c]) => {
    const where = (k: string) => `context "${contextName}", key "notify.channels.${name}.${k}"`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.headers ?? {})) headers[k] = resolveSecret(v, where(`headers.${k}`)) ?? '';
    return {
      name,
      type: c.type,
      // A webhook URL carries its own secret, so it is resolved (and redacted) like one.
      url: resolveSecret(c.url, where('url')) ?? DEFAULT_URLS[c.type] ?? '',
      routingKey: resolveSecret(c.routingKey, where('routingKey')),
      token: resolveSecret(c.token, where('token')),
      channel: c.channel,
      headers,
      timeoutMs: c.timeout ? parseDuration(c.timeout) : DEFAULT_TIMEOUT_MS,
    };
  });
}

/** The `notify` key as `obs context show` prints it: literal secrets as ***. */
export function redactNotify(config: NotifyConfig): NotifyConfig {
  const out = structuredClone(config);
  for (const c of Object.values(out.channels ?? {})) {
    for (const k of SECRET_KEYS) if (typeof c[k] === 'string') c[k] = redactSecretValue(c[k]!);
    if (c.url && (c.type === 'slack-webhook' || c.type === 'webhook')) c.url = redactSecretValue(c.url);
    for (const h of Object.keys(c.headers ?? {})) c.headers![h] = redactSecretValue(c.headers![h]);
  }
  return out;
}

/** How long an incident may stay unacknowledged before it escalates; undefined when never. */
export function escalateAfterMs(config: NotifyConfig | undefined): number | undefined {
  if (!config || config.escalateAfter === 'off') return undefined;
  return parseDuration(config.escalateAfter ?? '15m');
}

function duration(path: string, text: string): void {
  try {
    parseDuration(text);
  } catch {
    fail(path, `${JSON.stringify(text)} is not a duration like 30s or 15m`);
  }
}

function fail(path: string, message: string): never {
  throw new ConfigError(message, undefined, path.split('.'));
}
