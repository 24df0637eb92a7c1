import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { contextDir, exportContext, parseContextFile } from './portable.js';
import type { Context } from './types.js';

const prod: Context = {
  prometheus: { url: 'https://mimir.example/prometheus', bearer: 'hunter2-literal-token', tenant: 'team-a' },
  loki: { url: 'https://loki.example', username: '12345', password: 'file:~/.secrets/loki', headers: { 'X-Api-Key': 'abc-literal', 'X-Trace': 'env:TRACE_HDR' } },
  amplitude: { url: 'https://amplitude.com', username: 'amp-api-key', password: 'cmd:pass show amplitude' },
  readOnly: true,
  runbookDir: 'runbooks',
  keyEvents: ['checkout_completed'],
};

describe('exportContext', () => {
  const exported = exportContext('prod', prod, 'obs context "prod"');

  it('never writes a literal secret, and says which env variable replaces it', () => {
    expect(exported.text).not.toContain('hunter2-literal-token');
    expect(exported.text).not.toContain('abc-literal');
    expect(exported.text).not.toContain('amp-api-key');
    expect(exported.replaced).toEqual([
      { key: 'prometheus.bearer', placeholder: 'env:OBS_PROD_PROMETHEUS_BEARER' },
      { key: 'loki.headers.X-Api-Key', placeholder: 'env:OBS_PROD_LOKI_HEADER_X_API_KEY' },
      { key: 'amplitude.username', placeholder: 'env:OBS_PROD_AMPLITUDE_USERNAME' },
    ]);
    expect(exported.text).toContain('bearer: env:OBS_PROD_PROMETHEUS_BEARER # literal secret not exported: set OBS_PROD_PROMETHEUS_BEARER');
  });

  it('keeps references and ordinary settings as written', () => {
    expect(exported.text).toContain('password: file:~/.secrets/loki');
    expect(exported.text).toContain('X-Trace: env:TRACE_HDR');
    expect(exported.text).toContain('password: cmd:pass show amplitude');
    expect(exported.text).toContain('username: "12345"');
    expect(exported.text.startsWith('# obs context "prod"\n')).toBe(true);
  });

  it('round-trips through parseContextFile', () => {
    const back = parseContextFile(exported.text, 'prod.yaml');
    expect(back.name).toBe('prod');
    expect(back.context.prometheus).toEqual({ url: 'https://mimir.example/prometheus', bearer: 'env:OBS_PROD_PROMETHEUS_BEARER', tenant: 'team-a' });
    expect(back.context.loki?.username).toBe('12345');
    expect(back.context.keyEvents).toEqual(['checkout_completed']);
    expect(back.context.readOnly).toBe(true);
  });

  it('takes credentials out of a URL: user:password into username/password, secret-looking query parameters into params', () => {
    const urlsec = exportContext('urlsec', { prometheus: { url: 'http://bob:URL%2FPASS99@127.0.0.1:19405/?api_key=QPARAM77&dedup=true' } });
    expect(urlsec.text).not.toContain('PASS99');
    expect(urlsec.text).not.toContain('QPARAM77');
    expect(urlsec.replaced).toEqual([
      { key: 'prometheus.password', placeholder: 'env:OBS_URLSEC_PROMETHEUS_PASSWORD' },
      { key: 'prometheus.params.api_key', placeholder: 'env:OBS_URLSEC_PROMETHEUS_PARAM_API_KEY' },
    ]);
    expect(parseContextFile(urlsec.text, 'urlsec.yaml').context.prometheus).toEqual({
      url: 'http://127.0.0.1:19405/?dedup=true',
      username: 'bob',
      password: 'env:OBS_URLSEC_PROMETHEUS_PASSWORD',
      params: { api_key: 'env:OBS_URLSEC_PROMETHEUS_PARAM_API_KEY' },
    });
  });

  it('exports literal params named pwd or X-Api-Key as references, and params named author or signal as written', () => {
    const words = exportContext('words', { prometheus: { url: 'http://127.0.0.1:9/?key=QKEY1234&signal=high', params: { pwd: 'PWD12345', 'X-Api-Key': 'XKEY1234', author: 'Jane Doe' } } });
    expect(words.replaced.map((r) => r.key)).toEqual(['prometheus.params.pwd', 'prometheus.params.X-Api-Key', 'prometheus.params.key']);
    expect(parseContextFile(words.text, 'words.yaml').context.prometheus).toMatchObject({
      url: 'http://127.0.0.1:9/?signal=high',
      params: { pwd: 'env:OBS_WORDS_PROMETHEUS_PARAM_PWD', author: 'Jane Doe', key: 'env:OBS_WORDS_PROMETHEUS_PARAM_KEY' },
    });
  });

  it('moves a URL password holding a literal % (not percent-encoding) as written', () => {
    const pct = exportContext('pct', { prometheus: { url: 'http://u:PCT%zzSECRET@127.0.0.1:9/' } });
    expect(pct.text).not.toContain('PCT%zzSECRET');
    expect(parseContextFile(pct.text, 'pct.yaml').context.prometheus).toEqual({ url: 'http://127.0.0.1:9/', username: 'u', password: 'env:OBS_PCT_PROMETHEUS_PASSWORD' });
  });

  it('keeps the user\'s own params entry when the URL holds the same parameter, and says so', () => {
    const clash = exportContext('clash', { prometheus: { url: 'http://127.0.0.1:9/?token=URLTOK1&dedup=true', params: { token: 'env:OTHER' } } });
    expect(clash.text).not.toContain('URLTOK1');
    expect(parseContextFile(clash.text, 'clash.yaml').context.prometheus).toEqual({ url: 'http://127.0.0.1:9/?dedup=true', params: { token: 'env:OTHER' } });
    expect(clash.replaced).toEqual([]);
    expect(clash.warnings).toEqual(["prometheus.url's token= was left out: prometheus.params.token is set too, and that entry is kept"]);
    expect(clash.text).toContain("token: env:OTHER # prometheus.url's token= was left out");
  });

  it('drops URL userinfo that the backend\'s own credentials override', () => {
    const both = exportContext('both', { loki: { url: 'http://old:stale-pass@loki:3100', bearer: 'env:LOKI_TOKEN' } });
    expect(both.text).not.toContain('stale-pass');
    expect(parseContextFile(both.text, 'both.yaml').context.loki).toEqual({ url: 'http://loki:3100/', bearer: 'env:LOKI_TOKEN' });
  });

  it('replaces the literal secrets of notification channels too, keeping their references and settings', () => {
    const paged = exportContext('paged', {
      notify: {
        channels: {
          pd: { type: 'pagerduty', routingKey: 'R0UTING-KEY-LITERAL' },
          chat: { type: 'slack-webhook', url: 'https://hooks.slack.example/services/T0/B0/WEBHOOKSECRET' },
          'ops.hook': { type: 'webhook', url: 'env:OPS_HOOK_URL', headers: { Authorization: 'Bearer HOOK-TOKEN-LIT' }, timeout: '3s' },
          bot: { type: 'slack', token: 'file:~/.slack-token', channel: '#incidents' },
        },
        routes: { sev1: ['pd', 'chat'] },
      },
    });
    for (const literal of ['R0UTING-KEY-LITERAL', 'WEBHOOKSECRET', 'HOOK-TOKEN-LIT']) expect(paged.text).not.toContain(literal);
    expect(paged.replaced).toEqual([
      { key: 'notify.channels.pd.routingKey', placeholder: 'env:OBS_PAGED_NOTIFY_PD_ROUTINGKEY' },
      { key: 'notify.channels.chat.url', placeholder: 'env:OBS_PAGED_NOTIFY_CHAT_URL' },
      { key: 'notify.channels.ops.hook.headers.Authorization', placeholder: 'env:OBS_PAGED_NOTIFY_OPS_HOOK_HEADER_AUTHORIZATION' },
    ]);
    expect(paged.text).toContain('routingKey: env:OBS_PAGED_NOTIFY_PD_ROUTINGKEY # literal secret not exported: set OBS_PAGED_NOTIFY_PD_ROUTINGKEY');
    expect(paged.text).toContain('Authorization: env:OBS_PAGED_NOTIFY_OPS_HOOK_HEADER_AUTHORIZATION # literal secret not exported');
    expect(parseContextFile(paged.text, 'paged.yaml').context.notify).toEqual({
      channels: {
        pd: { type: 'pagerduty', routingKey: 'env:OBS_PAGED_NOTIFY_PD_ROUTINGKEY' },
        chat: { type: 'slack-webhook', url: 'env:OBS_PAGED_NOTIFY_CHAT_URL' },
        'ops.hook': { type: 'webhook', url: 'env:OPS_HOOK_URL', headers: { Authorization: 'env:OBS_PAGED_NOTIFY_OPS_HOOK_HEADER_AUTHORIZATION' }, timeout: '3s' },
        bot: { type: 'slack', token: 'file:~/.slack-token', channel: '#incidents' },
      },
      routes: { sev1: ['pd', 'chat'] },
    });
  });

  it('refuses a proxy URL holding user:password, naming the key, as no key could hold a reference in its place', () => {
    const proxied = () => exportContext('corp', { loki: { url: 'http://loki:3100', proxy: 'http://me:PROXYPASS42@squid:3128' } });
    expect(proxied).toThrow(ConfigError);
    expect(proxied).toThrow('context "corp", key "loki.proxy": the proxy URL holds user:password, which an exported file must not carry');
    expect(exportContext('corp', { loki: { url: 'http://loki:3100', proxy: 'http://squid:3128' } }).text).toContain('proxy: http://squid:3128');
  });

  it('does not change the context it was given', () => {
    expect(prod.prometheus?.bearer).toBe('hunter2-literal-token');
  });
});

describe('parseContextFile', () => {
  const file = (body: string) => `apiVersion: obs/v1\nkind: Context\nname: staging\ncontext:\n${body}`;
  const problem = (text: string) => {
    try {
      parseContextFile(text, 'ctx.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('expected a problem');
  };

  it('points at the line and column of a YAML syntax error', () => {
    expect(problem(file('  prometheus:\n    url: http://p:9090: x\n  tenant: a\n'))).toMatch(/^ctx\.yaml:6:\d+: YAML: /);
    expect(problem('apiVersion: obs/v1\nkind: [Context\n')).toMatch(/^ctx\.yaml:\d+:\d+: YAML: /);
  });

  it('points at the line of a wrong key or value, with the validator\'s message', () => {
    expect(problem(file('  prometheus:\n    url: mimir:9009\n'))).toBe('ctx.yaml:6: context "staging", key "prometheus.url": "mimir:9009" is not an http(s) URL');
    expect(problem(file('  loki:\n    url: http://loki:3100\n    urll: x\n'))).toBe('ctx.yaml:7: context "staging", key "loki.urll": unknown key');
    expect(problem(file('  readOnly: "yes"\n'))).toBe('ctx.yaml:5: context "staging", key "readOnly": expected true or false');
  });

  it('says what a context file looks like when it is something else', () => {
    expect(problem('- just\n- a list\n')).toMatch(/^ctx\.yaml:1: expected a context file/);
    expect(problem('apiVersion: v1\nkind: Pod\n')).toBe('ctx.yaml:1: apiVersion must be obs/v1');
    expect(problem('apiVersion: obs/v1\nkind: Context\nname: x\ncontext: {}\nextra: 1\n')).toBe('ctx.yaml:5: unknown key "extra" (a context file has apiVersion, kind, name and context)');
    expect(problem('apiVersion: obs/v1\nkind: Context\nname: x\ncontext: nope\n')).toBe('ctx.yaml:4: context must be a mapping of backends and settings');
  });
});

describe('contextDir', () => {
  it('takes relative directories from the config directory', () => {
    expect(contextDir('runbooks', '/repo/obs/config.json')).toBe('/repo/obs/runbooks');
    expect(contextDir('../shared/slo', '/repo/obs/config.json')).toBe('/repo/shared/slo');
    expect(contextDir('/srv/runbooks', '/repo/obs/config.json')).toBe('/srv/runbooks');
    expect(contextDir('~/slo', '/repo/obs/config.json')).toBe(join(process.env.HOME!, 'slo'));
    expect(contextDir(undefined, '/repo/obs/config.json')).toBeUndefined();
  });
});
