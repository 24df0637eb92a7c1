import { describe, expect, it } from 'vitest';
import { noProxyMatch, proxyRoute } from './proxy-route.js';

describe('proxyRoute', () => {
  it('follows the context setting first', () => {
    expect(proxyRoute('https://mimir.example', 'none', { HTTPS_PROXY: 'http://p:3128' }, 'prometheus.proxy')).toEqual({ why: 'prometheus.proxy is none in the context' });
    expect(proxyRoute('https://mimir.example', 'http://user:pw@squid:3128', {}, 'prometheus.proxy')).toEqual({ via: 'http://***:***@squid:3128', why: 'prometheus.proxy in the context' });
  });

  it('picks the variable for the scheme, lower case first, HTTP_PROXY also for https', () => {
    expect(proxyRoute('https://a.example', 'env', { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:1' })).toEqual({ via: 'http://s:1', why: 'HTTPS_PROXY' });
    expect(proxyRoute('https://a.example', 'env', { https_proxy: 'http://l:1', HTTPS_PROXY: 'http://u:1' })).toEqual({ via: 'http://l:1', why: 'https_proxy' });
    expect(proxyRoute('https://a.example', 'env', { HTTP_PROXY: 'http://h:1' })).toEqual({ via: 'http://h:1', why: 'HTTP_PROXY' });
    expect(proxyRoute('http://a.example', 'env', { HTTPS_PROXY: 'http://s:1' })).toEqual({ why: 'no HTTP_PROXY set' });
    expect(proxyRoute('https://a.example', 'env', {})).toEqual({ why: 'no HTTPS_PROXY or HTTP_PROXY set' });
  });

  it('goes direct when NO_PROXY matches', () => {
    expect(proxyRoute('http://loki.internal:3100', 'env', { HTTP_PROXY: 'http://h:1', NO_PROXY: 'localhost, .internal' })).toEqual({ why: 'NO_PROXY matches .internal' });
  });
});

describe('noProxyMatch', () => {
  const url = (u: string) => new URL(u);
  it('matches hosts, parent domains, ports and *', () => {
    expect(noProxyMatch(url('http://127.0.0.1:9090'), 'localhost,127.0.0.1')).toBe('127.0.0.1');
    expect(noProxyMatch(url('https://mimir.corp.example'), '*.corp.example')).toBe('*.corp.example');
    expect(noProxyMatch(url('https://corp.example'), '.corp.example')).toBe('.corp.example');
    expect(noProxyMatch(url('https://notcorp.example'), 'corp.example')).toBeUndefined();
    expect(noProxyMatch(url('http://prom:9090'), 'prom:9091')).toBeUndefined();
    expect(noProxyMatch(url('http://prom:9090'), 'prom:9090')).toBe('prom:9090');
    expect(noProxyMatch(url('https://prom'), 'prom:443')).toBe('prom:443');
    expect(noProxyMatch(url('https://anything'), '*')).toBe('*');
    expect(noProxyMatch(url('https://anything'), '')).toBeUndefined();
  });
});
