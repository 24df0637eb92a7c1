import { describe, expect, it } from 'vitest';
import { decodeUrlPart, redact, registerUrlCredentials } from './redact.js';

describe('URL credentials', () => {
  it('decodes percent-encoding, and keeps text that is not valid percent-encoding as written', () => {
    expect(decodeUrlPart('pa%2Fss')).toBe('pa/ss');
    expect(decodeUrlPart('pa%zz')).toBe('pa%zz');
    expect(decodeUrlPart('100%')).toBe('100%');
  });

  it('registers a password holding a literal % for redaction instead of failing', () => {
    registerUrlCredentials('http://u:PCT%zzSECRET@127.0.0.1:9/');
    const basic = Buffer.from('u:PCT%zzSECRET').toString('base64');
    expect(redact(`denied PCT%zzSECRET, Basic ${basic}`)).toBe('denied ***, Basic ***');
  });

  it('redacts a secret parameter as the wire carries it, percent-encoded, when an error page echoes the request', () => {
    registerUrlCredentials('http://127.0.0.1:9/p?api_key=Ab%2Fcd%2Bef%3D%3D');
    expect(redact('denied /p/api/v1/query?api_key=Ab%2Fcd%2Bef%3D%3D&query=up')).toBe('denied /p/api/v1/query?api_key=***&query=up');
    expect(redact('key Ab/cd+ef== rejected')).toBe('key *** rejected');
  });
});
