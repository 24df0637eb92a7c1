import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';
import { Transport } from './transport.js';

describe('Transport through a proxy', () => {
  it('registers the proxy password, and the Proxy-Authorization it makes, for redaction', () => {
    new Transport('http://prometheus.example:9090/', { proxy: 'http://proxyuser:PR0XY%2FPASS@squid.example:3128' });
    const basic = Buffer.from('proxyuser:PR0XY/PASS').toString('base64');
    expect(redact('proxy said: bad password PR0XY/PASS')).toBe('proxy said: bad password ***');
    expect(redact(`echoed Proxy-Authorization: Basic ${basic}`)).toBe('echoed Proxy-Authorization: Basic ***');
  });
});
