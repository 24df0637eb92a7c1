import { describe, expect, it } from 'vitest';
import { diagnoseBackend, diagnoseTerminal, doctorExitCode, type BackendProbe, type TerminalProbe } from './diagnose.js';
import { formatFindings, summary } from './format.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const probe = (over: Partial<BackendProbe>): BackendProbe => ({
  backend: 'prometheus',
  url: 'https://mimir.example/prometheus',
  authConfigured: true,
  proxy: { why: 'no HTTPS_PROXY or HTTP_PROXY set' },
  ...over,
});
const answered = (over: Partial<NonNullable<BackendProbe['answer']>> = {}) => ({ answer: { tookMs: 42.4, localDate: now, serverDate: now + 1000, ...over } });

describe('diagnoseBackend', () => {
  it('reports a healthy backend with its version, tenant, clock and route', () => {
    const f = diagnoseBackend(probe({ tenant: 'team-a', ...answered({ version: '2.42.0' }) }), 'prod');
    expect(f).toEqual([
      { subject: 'prometheus', check: 'reachable', status: 'ok', message: 'reachable in 42 ms, version 2.42.0, tenant team-a' },
      { subject: 'prometheus', check: 'clock', status: 'ok', message: 'local clock within 1 s of the server' },
      { subject: 'prometheus', check: 'proxy', status: 'info', message: 'direct (no HTTPS_PROXY or HTTP_PROXY set)' },
    ]);
    expect(doctorExitCode(f)).toBe(0);
  });

  it('calls a 401 with credentials a wrong token, and without them missing credentials', () => {
    const error = { kind: 'http' as const, status: 401, message: 'Unauthorized' };
    const [wrong] = diagnoseBackend(probe({ error }), 'prod');
    expect(wrong).toMatchObject({ check: 'auth', status: 'fail', message: 'wrong token/credentials (HTTP 401: Unauthorized)' });
    expect(wrong.fix).toContain('obs context show prod');
    const [none] = diagnoseBackend(probe({ error, authConfigured: false }), 'prod');
    expect(none).toMatchObject({ check: 'auth', message: 'credentials needed and the context has none (HTTP 401: Unauthorized)' });
    expect(none.fix).toContain('obs context set prod prometheus.bearer env:TOKEN');
  });

  it('tells a multi-tenant server\'s "no org id" apart from bad credentials', () => {
    const [f] = diagnoseBackend(probe({ backend: 'loki', error: { kind: 'http', status: 401, message: 'no org id' } }), 'prod');
    expect(f).toMatchObject({ check: 'tenant', status: 'fail', message: 'the server is multi-tenant and no tenant is set (HTTP 401: no org id)' });
    expect(f.fix).toMatch(/^set a tenant: obs context set prod loki\.tenant <id>/);
  });

  it('points Amplitude auth failures at the region host too', () => {
    const [f] = diagnoseBackend(probe({ backend: 'amplitude', error: { kind: 'http', status: 403, message: 'Invalid API key' } }), 'prod');
    expect(f.message).toBe('wrong token/credentials or not allowed (HTTP 403: Invalid API key)');
    expect(f.fix).toContain('analytics.eu.amplitude.com');
  });

  it('explains unreachable, TLS and wrong-path failures, naming the proxy when there is one', () => {
    const proxied = { via: 'http://proxy:3128', why: 'HTTPS_PROXY' };
    const [down] = diagnoseBackend(probe({ proxy: proxied, error: { kind: 'unreachable', message: 'connection reset', hint: 'the backend or a proxy closed the connection' } }), 'prod');
    expect(down).toMatchObject({ check: 'reachable', message: 'unreachable: connection reset (https://mimir.example/prometheus)' });
    expect(down.fix).toBe('the backend or a proxy closed the connection; requests go through http://proxy:3128 (HTTPS_PROXY)');
    const [tls] = diagnoseBackend(probe({ error: { kind: 'unreachable', message: 'TLS: self-signed certificate' } }), 'prod');
    expect(tls).toMatchObject({ check: 'tls', message: 'TLS: self-signed certificate' });
    expect(tls.fix).toContain('obs context set prod prometheus.ca');
    const [missing] = diagnoseBackend(probe({ error: { kind: 'http', status: 404, message: '404 page not found' } }), 'prod');
    expect(missing.fix).toContain('path prefix');
    expect(doctorExitCode([down])).toBe(3);
  });

  it('warns when the clocks disagree by more than 30 s, in the right direction', () => {
    const behind = diagnoseBackend(probe(answered({ serverDate: now + 95_000 })), 'p')[1];
    expect(behind).toMatchObject({ check: 'clock', status: 'warn', message: 'local clock is 95 s behind the server: "now" and relative times will be off' });
    const ahead = diagnoseBackend(probe(answered({ serverDate: now - 40_000 })), 'p')[1];
    expect(ahead.message).toMatch(/^local clock is 40 s ahead of the server/);
    expect(diagnoseBackend(probe(answered({ serverDate: now + 29_000 })), 'p')[1].status).toBe('ok');
    expect(doctorExitCode([behind])).toBe(0);
  });

  it('skips the clock check when the server sent no Date header', () => {
    expect(diagnoseBackend(probe(answered({ serverDate: undefined })), 'p').map((f) => f.check)).toEqual(['reachable', 'proxy']);
  });
});

describe('diagnoseTerminal', () => {
  const term = (over: Partial<TerminalProbe>): TerminalProbe => ({ stdoutTty: true, stdinTty: true, columns: 120, rows: 40, color: true, utf8: true, env: { TERM: 'xterm-256color', LANG: 'en_US.UTF-8' }, ...over });

  it('is all ok on a roomy UTF-8 colour terminal', () => {
    expect(diagnoseTerminal(term({})).map((f) => `${f.check}:${f.status}`)).toEqual(['tty:ok', 'size:ok', 'colour:ok', 'utf-8:ok']);
  });

  it('warns about a small window and a non-UTF-8 locale, and says why colours are off', () => {
    const f = diagnoseTerminal(term({ columns: 79, rows: 24, utf8: false, color: false, env: { TERM: 'xterm', LANG: 'C', NO_COLOR: '1' } }));
    expect(f.find((x) => x.check === 'size')).toMatchObject({ status: 'warn', message: '79x24 is smaller than 80x24: obs top will ask for a larger window' });
    expect(f.find((x) => x.check === 'utf-8')).toMatchObject({ status: 'warn', message: 'not UTF-8 (locale C): obs top draws with ASCII' });
    expect(f.find((x) => x.check === 'colour')?.message).toBe('no colours (NO_COLOR is set)');
  });

  it('notes a pipe without calling it a problem', () => {
    const f = diagnoseTerminal(term({ stdoutTty: false, color: false }));
    expect(f[0]).toMatchObject({ check: 'tty', status: 'info' });
    expect(f.some((x) => x.check === 'size')).toBe(false);
    expect(doctorExitCode(f)).toBe(0);
  });
});

describe('formatFindings', () => {
  const findings = [
    { subject: 'loki', check: 'tenant' as const, status: 'fail' as const, message: 'no tenant', fix: 'set one' },
    { subject: 'prometheus', check: 'clock' as const, status: 'ok' as const, message: 'in sync' },
  ];

  it('prints aligned lines with marks, in ASCII when the terminal is not UTF-8', () => {
    expect(formatFindings(findings, { unicode: true, color: false })).toBe('✗ loki       tenant no tenant — fix: set one\n✓ prometheus clock  in sync');
    expect(formatFindings(findings, { unicode: false, color: false })).toBe('XX loki       tenant no tenant -- fix: set one\nok prometheus clock  in sync');
    expect(summary(findings)).toBe('1 failed');
    expect(summary([findings[1]])).toBe('all good');
  });
});
