import type { Labels } from '../prometheus/types.js';

/** `gettableAlert` of Alertmanager API v2. */
export interface AmAlert {
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  updatedAt: string;
  endsAt: string;
  fingerprint: string;
  generatorURL?: string;
  receivers: { name: string }[];
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[]; mutedBy?: string[] };
}

export interface AmAlertGroup {
  labels: Labels;
  receiver: { name: string };
  alerts: AmAlert[];
}

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

export interface Silence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  updatedAt: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface PostableSilence {
  id?: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export interface AmStatus {
  cluster: { name?: string; status: string; peers?: { name: string; address: string }[] };
  versionInfo: { version: string; [k: string]: string };
  config: { original: string };
  uptime: string;
}

export interface AlertFilter {
  /** Label matchers, e.g. `alertname="NodeDown"`, `severity=~"page|critical"`. */
  filter?: string[];
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  receiver?: string;
}
