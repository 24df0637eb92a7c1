const SECRET_WORDS = new Set([
  'token', 'key', 'secret', 'password', 'passwd', 'pwd', 'pass', 'passphrase',
  'auth', 'authorization', 'bearer', 'jwt', 'signature', 'sig', 'credential', 'credentials',
  'session', 'sessionid', 'cookie',
]);
/** Run-together names (`accesstoken`, `clientsecret`, `apikey`, `oauth`, `apisig`) end with one of these. */
const SECRET_ENDINGS = ['token', 'secret', 'password', 'passwd', 'key', 'auth', 'sig', 'signature'];

/**
 * Whether a name (a query parameter, a params key) says its value is a secret. Names are judged by
 * their words, split on `_ - .` and camelCase (`X-Api-Key`, `apiKey`, `access_token`), so `author`
 * and `signal` are not secrets while `key` and `pwd` are.
 */
export function isSecretName(name: string): boolean {
  return nameWords(name).some((word) => SECRET_WORDS.has(word) || SECRET_ENDINGS.some((end) => word.endsWith(end)));
}

/** `X-Api-Key` → x, api, key; `clientSecretV2` → client, secret, v, 2; `APIKey` → api, key; `token1` → token, 1. */
export function nameWords(name: string): string[] {
  return name
    .replace(/(?<=[a-zA-Z])(?=\d)|(?<=\d)(?=[a-zA-Z])/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.\-[\]]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}
