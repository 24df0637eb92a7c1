import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('Transport.send', () => {
  it('sends a URL user:password as Basic auth, decoded, and as written when it is not valid percent-encoding', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const transport = new Transport(`http://127.0.0.1:${port}/`, { proxy: 'none' });
    try {
      for (const userinfo of ['u:pa%2Fss', 'u:pa%zz']) {
        const res = await transport.send(`http://${userinfo}@127.0.0.1:${port}/`, { method: 'GET', headers: {}, signal: new AbortController().signal });
        res.resume();
      }
    } finally {
      transport.close();
      server.close();
    }
    expect(seen).toEqual([`Basic ${Buffer.from('u:pa/ss').toString('base64')}`, `Basic ${Buffer.from('u:pa%zz').toString('base64')}`]);
  });
});
