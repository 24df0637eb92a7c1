import { describe, expect, it } from 'vitest';
import { isSecretName, nameWords } from './secret-name.js';

describe('secret names', () => {
  it('splits a name into words on _ - . and camelCase', () => {
    expect(nameWords('X-Api-Key')).toEqual(['x', 'api', 'key']);
    expect(nameWords('clientSecretV2')).toEqual(['client', 'secret', 'v', '2']);
    expect(nameWords('token1b')).toEqual(['token', '1', 'b']);
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
    expect(nameWords('access_token')).toEqual(['access', 'token']);
    expect(nameWords('X-Amz-Signature')).toEqual(['x', 'amz', 'signature']);
  });

  it('finds secrets among the words, whatever their case or separator', () => {
    for (const name of ['key', 'pwd', 'X-Api-Key', 'apiKey', 'api_key', 'APIKEY', 'access_token', 'token', 'password', 'passwd', 'pass', 'auth', 'Authorization', 'sig', 'X-Amz-Signature', 'X-Amz-Credential', 'session', 'cookie', 'jwt'])
      expect([name, isSecretName(name)]).toEqual([name, true]);
  });

  it('finds a secret word followed by a number', () => {
    for (const name of ['token1', 'secret2', 'password1', 'apiKey2', 'api_key_2']) expect([name, isSecretName(name)]).toEqual([name, true]);
  });

  it('finds a run-together name ending in an unambiguous secret word', () => {
    for (const name of ['accesstoken', 'authtoken', 'clientsecret', 'dbpassword', 'myapikey', 'authkey', 'secretkey', 'oauth', 'basicauth', 'apisig', 'urlsignature']) expect([name, isSecretName(name)]).toEqual([name, true]);
  });

  it('does not take a word that merely contains a secret word for a secret', () => {
    for (const name of ['author', 'signal', 'sigma', 'authority', 'passive', 'keyword', 'keys', 'tokenizer', 'partial_response', 'dedup', 'orgId'])
      expect([name, isSecretName(name)]).toEqual([name, false]);
  });
});
