/**
 * Where an incident is announced, per context (`notify` in the context). Secret values
 * (`routingKey`, `token`, webhook `url`s, header values) may be literal, `env:NAME`, `file:PATH`
 * or `cmd:COMMAND`, like the backends' secrets.
 */
export const CHANNEL_TYPES = ['pagerduty', 'slack', 'slack-webhook', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface ChannelConfig {
  type: ChannelType;
  /** pagerduty: the Events API v2 integration (routing) key. */
  routingKey?: string;
  /** slack: a bot token (xoxb-…) with chat:write; updates thread under the first message. */
  token?: string;
  /** slack: the channel to post in (#name or ID). */
  channel?: string;
  /**
   * slack-webhook and webhook: where to POST (the Slack webhook URL is itself a secret).
   * pagerduty and slack: the API endpoint, to go through a proxy or a test server.
   */
  url?: string;
  /** webhook: extra headers, e.g. an Authorization header. */
  headers?: Record<string, string>;
  /** Per request; default 5s. */
  timeout?: string;
}

export interface NotifyConfig {
  channels: Record<string, ChannelConfig>;
  /** Channel names per severity; a severity left out uses the default route (see routes.ts). */
  routes?: Partial<Record<'sev1' | 'sev2' | 'sev3' | 'sev4', string[]>>;
  /** Escalate an incident nobody acknowledged within this long (e.g. "15m"); "off" never. Default 15m. */
  escalateAfter?: string;
  /** A link to a runbook for the messages, e.g. "https://wiki.example.com/runbooks/{runbook}". */
  runbookUrl?: string;
}
