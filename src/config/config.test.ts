import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { redact } from '../http/redact.js';
import { resolveContext } from './resolve.js';
import { resolveSecret } from './secrets.js';
import { redactContext, setPath } from './show.js';
import { ConfigStore } from './store.js';
import { validateConfig } from './validate.js';

describe('validateConfig', () => {
  it('accepts a full context', () => {
    const data = validateConfig({
      currentContext: 'prod',
      contexts: { prod: { prometheus: { url: 'https://mimir.example/prometheus', tenant: 't1', timeout: '20s', concurrency: 4 }, readOnly: true, keyEvents: ['checkout_completed'] } },
    });
    expect(data.contexts.prod.prometheus?.url).toBe('https://mimir.example/prometheus');
  });

  it('names the context and key that is wrong', () => {
    const bad = (ctx: unknown) => () => validateConfig({ contexts: { prod: ctx } });
    expect(bad({ prometheus: { url: 'mimir:9009' } })).toThrow('context "prod", key "prometheus.url": "mimir:9009" is not an http(s) URL');
    expect(bad({ prometheus: { url: 'http://x', timeout: 'soon' } })).toThrow('context "prod", key "prometheus.timeout"');
    expect(bad({ loki: { url: 'http://x', urll: 'y' } })).toThrow('context "prod", key "loki.urll": unknown key');
    expect(bad({ readOnly: 'yes' })).toThrow('context "prod", key "readOnly": expected true or false');
    expect(bad({ jaeger: { url: 'http://x', concurrency: 0 } })).toThrow(ConfigError);
  });
});

describe('resolveContext', () => {
  const config = { currentContext: 'prod', contexts: { prod: { prometheus: { url: 'http://prom:9090' }, tenant: 'team-a' }, staging: { loki: { url: 'http://loki:3100' } } } };

  it('uses the current context, with the context tenant on every backend', () => {
    const r = resolveContext(config, undefined, {});
    expect(r.name).toBe('prod');
    expect(r.backends.prometheus?.url).toBe('http://prom:9090');
    expect(r.backends.prometheus?.tenant).toBe('team-a');
    expect(r.backends.loki).toBeUndefined();
  });

  it('lets OBS_CONTEXT and --context choose, and OBS_*_URL override', () => {
    expect(resolveContext(config, undefined, { OBS_CONTEXT: 'staging' }).name).toBe('staging');
    expect(resolveContext(config, 'staging', { OBS_CONTEXT: 'prod' }).name).toBe('staging');
    const r = resolveContext(config, undefined, { OBS_PROMETHEUS_URL: 'http://other:9090', OBS_JAEGER_URL: 'http://jaeger:16686' });
    expect(r.backends.prometheus?.url).toBe('http://other:9090');
    expect(r.backends.jaeger?.url).toBe('http://jaeger:16686');
  });

  it('works with no config file at all, from env vars alone', () => {
    const r = resolveContext({ contexts: {} }, undefined, { OBS_PROMETHEUS_URL: 'http://127.0.0.1:9090' });
    expect(r.backends.prometheus?.url).toBe('http://127.0.0.1:9090');
    expect(r.backends.prometheus?.timeoutMs).toBe(30_000);
  });

  it('refuses an unknown context by name', () => {
    expect(() => resolveContext(config, 'nope', {})).toThrow('context "nope" does not exist');
  });

  it('picks no context when none is current, and says how to pick one', () => {
    const none = { contexts: config.contexts };
    expect(() => resolveContext(none, undefined, {})).toThrow('no current context');
    expect(resolveContext(none, 'staging', {}).name).toBe('staging');
    expect(resolveContext(none, undefined, { OBS_PROMETHEUS_URL: 'http://127.0.0.1:9090' }).backends.loki).toBeUndefined();
    expect(() => resolveContext({ ...config, currentContext: 'gone' }, undefined, {})).toThrow('the current context "gone" does not exist');
  });
});

describe('secrets', () => {
  it('resolves literal, env:, file: and cmd: secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-secret-'));
    writeFileSync(join(dir, 'token'), 'from-file-123\n');
    process.env.OBS_TEST_TOKEN = 'from-env-123';
    expect(resolveSecret('plain-1234', 'x')).toBe('plain-1234');
    expect(resolveSecret('env:OBS_TEST_TOKEN', 'x')).toBe('from-env-123');
    expect(resolveSecret(`file:${join(dir, 'token')}`, 'x')).toBe('from-file-123');
    expect(resolveSecret('cmd:echo from-cmd-123', 'x')).toBe('from-cmd-123');
  });

  it('says which key could not be resolved, without the value', () => {
    expect(() => resolveSecret('env:OBS_NOT_SET_ANYWHERE', 'context "p", key "prometheus.bearer"')).toThrow('context "p", key "prometheus.bearer": environment variable OBS_NOT_SET_ANYWHERE is not set');
    expect(() => resolveSecret('cmd:exit 3', 'k')).toThrow('k: secret command failed with exit code 3');
  });

  it('shows references as written and literals as ***', () => {
    const shown = redactContext({ prometheus: { url: 'http://p', bearer: 'hunter2-literal', headers: { 'X-Key': 'env:KEY' } }, amplitude: { url: 'https://amplitude.com', username: 'key', password: 'file:/run/amp' } });
    expect(shown.prometheus?.bearer).toBe('***');
    expect(shown.prometheus?.headers?.['X-Key']).toBe('env:KEY');
    expect(shown.amplitude?.password).toBe('file:/run/amp');
  });

  it('masks credentials written into a URL, and secret-looking params, leaving plain URLs as written', () => {
    const shown = redactContext({
      prometheus: { url: 'http://bob:URLPASS99@127.0.0.1:19405/?api_key=QPARAM77&dedup=true', params: { token: 'PARAMTOK55', partial_response: 'false', auth: 'env:AUTH' } },
      loki: { url: 'http://loki:3100' },
    });
    expect(shown.prometheus?.url).toBe('http://***:***@127.0.0.1:19405/?api_key=***&dedup=true');
    expect(shown.prometheus?.params).toEqual({ token: '***', partial_response: 'false', auth: 'env:AUTH' });
    expect(shown.loki?.url).toBe('http://loki:3100');
  });

  it('judges params and URL parameters secret by their words: key, pwd and X-Api-Key are, author and signal are not', () => {
    const shown = redactContext({
      prometheus: { url: 'http://127.0.0.1:19405/?key=QKEY1234&signal=high', params: { pwd: 'PWD12345', 'X-Api-Key': 'XKEY1234', author: 'Jane Doe', signal: 'on' } },
    });
    expect(shown.prometheus?.url).toBe('http://127.0.0.1:19405/?key=***&signal=high');
    expect(shown.prometheus?.params).toEqual({ pwd: '***', 'X-Api-Key': '***', author: 'Jane Doe', signal: 'on' });
  });

  it('masks credentials in a proxy URL, leaving env, none and plain proxy URLs as written', () => {
    const shown = redactContext({
      prometheus: { url: 'http://p', proxy: 'http://proxyuser:PROXYPASS42@squid:3128' },
      loki: { url: 'http://l', proxy: 'http://squid:3128' },
      jaeger: { url: 'http://j', proxy: 'none' },
    });
    expect(shown.prometheus?.proxy).toBe('http://***:***@squid:3128/');
    expect(shown.loki?.proxy).toBe('http://squid:3128');
    expect(shown.jaeger?.proxy).toBe('none');
  });
});

describe('ConfigStore', () => {
  it('writes the file with mode 0600 and reads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-config-'));
    const store = new ConfigStore(dir);
    await store.write({ currentContext: 'a', contexts: { a: setPath({}, 'prometheus.url', 'http://p:9090') } });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(new ConfigStore(dir).read().contexts.a.prometheus?.url).toBe('http://p:9090');
  });

  it('reports a hand-edited mistake with the file, context and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-config-'));
    const store = new ConfigStore(dir);
    await store.write({ contexts: {} });
    writeFileSync(store.path, JSON.stringify({ contexts: { prod: { prometheus: { url: 42 } } } }));
    expect(() => new ConfigStore(dir).read()).toThrow(`${store.path}:1:36: context "prod", key "prometheus.url": 42 is not an http(s) URL`);
    expect(readFileSync(store.path, 'utf8')).toContain('42');
  });

  it('names the file, line and column of a JSON syntax error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-config-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, '{\n  "contexts": {\n    prod: {}\n  }\n}\n');
    expect(() => new ConfigStore(dir).read()).toThrow(`${path}:3:5: expected a double-quoted property name, found "p"`);
    writeFileSync(path, '{\n  "contexts": {\n    "prod": { "readOnly": true, }\n  }\n}\n');
    expect(() => new ConfigStore(dir).read()).toThrow(`${path}:3:33: expected a double-quoted property name, found "}"`);
    writeFileSync(path, '{ "contexts": {}');
    expect(() => new ConfigStore(dir).read()).toThrow(`${path}:1:17: expected "," or "}" after the property value, found the end of the file`);
  });

  it('names the line of a wrong key in a hand-edited file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-config-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ contexts: { prod: { loki: { url: 'http://loki:3100', pasword: 'x' } } } }, null, 2));
    expect(() => new ConfigStore(dir).read()).toThrow(`${path}:6:9: context "prod", key "loki.pasword": unknown key`);
  });

  it('names the line of a wrong service convention, down to the list entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-config-'));
    const path = join(dir, 'config.json');
    const services = { conventions: [{ requests: 'http_requests_total' }, { duration: 'rpc_seconds', unit: 'ms' }] };
    writeFileSync(path, JSON.stringify({ contexts: { prod: { services } } }, null, 2));
    expect(() => new ConfigStore(dir).read()).toThrow(`${path}:11:13: context "prod", key "services.conventions[1].unit": expected one of seconds, milliseconds, microseconds`);
  });
});

describe('secrets are resolved lazily', () => {
  it('runs no cmd: secret and reads no file: secret of a backend nobody asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-lazy-'));
    const marker = join(dir, 'amplitude-secret-ran');
    const ctx = resolveContext({ contexts: { prod: {
      prometheus: { url: 'http://prom:9090', bearer: 'literal-token' },
      loki: { url: 'http://loki:3100', username: 'u', password: `file:${join(dir, 'missing')}` },
      amplitude: { url: 'https://amplitude.com', username: 'key', password: `cmd:touch ${marker}; echo s` },
    } } }, 'prod', {});
    expect(ctx.backends.prometheus?.credentials().bearer).toBe('literal-token');
    expect(existsSync(marker)).toBe(false);
    expect(ctx.backends.amplitude?.authConfigured).toBe(true);
    expect(() => ctx.backends.loki?.credentials()).toThrow(`context "prod", key "loki.password": cannot read secret file ${join(dir, 'missing')}: ENOENT`);
    expect(ctx.backends.amplitude?.credentials().password).toBe('s');
    expect(existsSync(marker)).toBe(true);
  });

  it('resolves secret references in params, and only secret-looking params are registered as secrets', () => {
    process.env.OBS_TEST_API_KEY = 'param-secret-4711';
    const ctx = resolveContext({ contexts: { prod: { prometheus: { url: 'http://prom:9090', params: { api_key: 'env:OBS_TEST_API_KEY', dedup: 'enabled' } } } } }, 'prod', {});
    expect(ctx.backends.prometheus?.credentials().params).toEqual({ api_key: 'param-secret-4711', dedup: 'enabled' });
    expect(redact('key param-secret-4711 dedup enabled')).toBe('key *** dedup enabled');
  });

  it('registers the value of a param named key as a secret, and not that of one named author', () => {
    process.env.OBS_TEST_KEY = 'key-secret-5813';
    process.env.OBS_TEST_AUTHOR = 'Jane Doe';
    const ctx = resolveContext({ contexts: { prod: { prometheus: { url: 'http://prom:9090', params: { key: 'env:OBS_TEST_KEY', author: 'env:OBS_TEST_AUTHOR' } } } } }, 'prod', {});
    expect(ctx.backends.prometheus?.credentials().params).toEqual({ key: 'key-secret-5813', author: 'Jane Doe' });
    expect(redact('key-secret-5813 by Jane Doe')).toBe('*** by Jane Doe');
  });

  it('resolves a reference in an ordinary param without making its value a secret', () => {
    process.env.OBS_TEST_PARTIAL = 'false';
    const ctx = resolveContext({ contexts: { prod: { prometheus: { url: 'http://prom:9090', params: { partial_response: 'env:OBS_TEST_PARTIAL' } } } } }, 'prod', {});
    expect(ctx.backends.prometheus?.credentials().params).toEqual({ partial_response: 'false' });
    expect(redact('partial_response=false: every false stays false')).toBe('partial_response=false: every false stays false');
  });
});
