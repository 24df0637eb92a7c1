/**
 * What `obs doctor` concludes from what it measured: one finding per check, each saying what is
 * wrong and what to do about it. Pure: probes come in as plain data.
 */
import type { Backend } from '../config/types.js';
import type { BackendErrorKind } from '../http/errors.js';
import { sanitize } from '../output/sanitize.js';
import type { ProxyRoute } from '../http/proxy-route.js';

export type Status = 'ok' | 'info' | 'warn' | 'fail';

export interface Finding {
  /** A backend, or "terminal". */
  subject: string;
  check: 'reachable' | 'auth' | 'tenant' | 'tls' | 'clock' | 'proxy' | 'tty' | 'size' | 'colour' | 'utf-8' | 'permissions' | 'metrics' | 'alerts' | 'logs' | 'traces' | 'coverage';
  status: Status;
  message: string;
  fix?: string;
}

export interface ProbeError {
  kind: BackendErrorKind;
  status?: number;
  message: string;
  hint?: string;
}

/** What was learnt by asking one backend. */
export interface BackendProbe {
  backend: Backend;
  url: string;
  tenant?: string;
  /** Whether the context gives this backend a token, basic auth or headers. */
  authConfigured: boolean;
  proxy: ProxyRoute;
  answer?: {
    version?: string;
    tookMs: number;
    /** From the HTTP Date header (ms), when the backend sent one. */
    serverDate?: number;
    /** Local time (ms) when the answer arrived. */
    localDate: number;
  };
  error?: ProbeError;
}

export interface TerminalProbe {
  stdoutTty: boolean;
  stdinTty: boolean;
  columns?: number;
  rows?: number;
  color: boolean;
  utf8: boolean;
  env: { TERM?: string; NO_COLOR?: string; LANG?: string; LC_ALL?: string; LC_CTYPE?: string };
}

export const MAX_CLOCK_SKEW_MS = 30_000;
const MIN_SIZE = { columns: 80, rows: 24 };

export function diagnoseBackend(p: BackendProbe, contextName: string): Finding[] {
  const findings = [p.error ? failure(p, p.error, contextName) : reached(p)];
  const clock = p.answer && clockFinding(p.backend, p.answer.serverDate, p.answer.localDate);
  if (clock) findings.push(clock);
  findings.push({
    subject: p.backend,
    check: 'proxy',
    status: 'info',
    message: p.proxy.via ? `via ${p.proxy.via} (${p.proxy.why})` : `direct (${p.proxy.why})`,
  });
  return findings;
}

function reached(p: BackendProbe): Finding {
  const a = p.answer!;
  const parts = [`reachable in ${Math.round(a.tookMs)} ms`];
  if (a.version) parts.push(`version ${sanitize(a.version, { maxLength: 40 })}`);
  if (p.tenant) parts.push(`tenant ${sanitize(p.tenant, { maxLength: 60 })}`);
  return { subject: p.backend, check: 'reachable', status: 'ok', message: parts.join(', ') };
}

function failure(p: BackendProbe, e: ProbeError, ctx: string): Finding {
  const b = p.backend;
  const base = { subject: b, status: 'fail' as const };
  const said = e.status ? `HTTP ${e.status}: ${e.message}` : e.message;
  const viaProxy = p.proxy.via ? `; requests go through ${p.proxy.via} (${p.proxy.why})` : '';
  if (/no org id/i.test(e.message))
    return {
      ...base,
      check: 'tenant',
      message: `the server is multi-tenant and ${p.tenant ? `refused tenant "${p.tenant}"` : 'no tenant is set'} (${said})`,
      fix: `set a tenant: obs context set ${ctx} ${b}.tenant <id>  (or \`tenant\` for every backend)`,
    };
  if (e.status === 401 || e.status === 403) {
    const region = b === 'amplitude' ? ', or use the host of the project\'s region (EU: https://analytics.eu.amplitude.com)' : '';
    if (!p.authConfigured)
      return { ...base, check: 'auth', message: `credentials needed and the context has none (${said})`, fix: `obs context set ${ctx} ${b}.bearer env:TOKEN  (or ${b}.username and ${b}.password)${region}` };
    return {
      ...base,
      check: 'auth',
      message: `wrong token/credentials${e.status === 403 ? ' or not allowed' : ''} (${said})`,
      fix: `check ${b}.bearer or ${b}.username/${b}.password: obs context show ${ctx}${region}`,
    };
  }
  if (e.kind === 'unreachable' && e.message.startsWith('TLS'))
    return { ...base, check: 'tls', message: e.message, fix: `obs context set ${ctx} ${b}.ca /path/to/ca.pem  (the CA that signed the server's certificate)` };
  if (e.kind === 'unreachable' || e.kind === 'timeout')
    return { ...base, check: 'reachable', message: `unreachable: ${e.message} (${p.url})`, fix: `${e.hint ?? `check ${b}.url: obs context show ${ctx}`}${viaProxy}` };
  if (e.status === 404)
    return { ...base, check: 'reachable', message: `not found (${said}) at ${p.url}`, fix: `check ${b}.url and its path prefix: obs context set ${ctx} ${b}.url URL` };
  return { ...base, check: 'reachable', message: `${said} (${p.url})`, fix: e.hint ? `${e.hint}${viaProxy}` : undefined };
}

function clockFinding(backend: Backend, serverDate: number | undefined, localDate: number): Finding | undefined {
  if (serverDate === undefined) return undefined;
  const skew = serverDate - localDate;
  const seconds = Math.round(Math.abs(skew) / 1000);
  // The Date header has 1 s resolution: anything within MAX_CLOCK_SKEW_MS is agreement.
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) return { subject: backend, check: 'clock', status: 'ok', message: `local clock within ${Math.max(1, seconds)} s of the server` };
  return {
    subject: backend,
    check: 'clock',
    status: 'warn',
    message: `local clock is ${seconds} s ${skew > 0 ? 'behind' : 'ahead of'} the server: "now" and relative times will be off`,
    fix: 'sync this host\'s clock (e.g. timedatectl set-ntp true)',
  };
}

export function diagnoseTerminal(t: TerminalProbe): Finding[] {
  const subject = 'terminal';
  const findings: Finding[] = [];
  if (!t.stdoutTty || !t.stdinTty)
    findings.push({ subject, check: 'tty', status: 'info', message: `${t.stdoutTty ? 'stdin' : 'stdout'} is not a terminal: commands print JSON, and obs top needs a terminal` });
  else findings.push({ subject, check: 'tty', status: 'ok', message: `a terminal (TERM=${t.env.TERM ?? 'unset'})` });
  if (t.stdoutTty && t.columns && t.rows) {
    const small = t.columns < MIN_SIZE.columns || t.rows < MIN_SIZE.rows;
    findings.push(small
      ? { subject, check: 'size', status: 'warn', message: `${t.columns}x${t.rows} is smaller than ${MIN_SIZE.columns}x${MIN_SIZE.rows}: obs top will ask for a larger window`, fix: 'enlarge the window or reduce the font size' }
      : { subject, check: 'size', status: 'ok', message: `${t.columns}x${t.rows}` });
  }
  const whyNoColour = t.env.NO_COLOR ? 'NO_COLOR is set' : t.env.TERM === 'dumb' ? 'TERM=dumb' : !t.stdoutTty ? 'stdout is not a terminal' : '--no-color';
  findings.push(t.color ? { subject, check: 'colour', status: 'ok', message: 'colours on' } : { subject, check: 'colour', status: 'info', message: `no colours (${whyNoColour})` });
  const locale = t.env.LC_ALL || t.env.LC_CTYPE || t.env.LANG;
  findings.push(t.utf8
    ? { subject, check: 'utf-8', status: 'ok', message: `UTF-8${locale ? ` (${locale})` : ''}` }
    : { subject, check: 'utf-8', status: 'warn', message: `not UTF-8 (${locale ? `locale ${locale}` : `TERM=${t.env.TERM}`}): obs top draws with ASCII`, fix: 'if the terminal takes UTF-8: export LANG=C.UTF-8' });
  return findings;
}

/** 3 when a backend could not be used (DESIGN.md: a backend could not answer), else 0. */
export function doctorExitCode(findings: Finding[]): 0 | 3 {
  return findings.some((f) => f.status === 'fail') ? 3 : 0;
}
