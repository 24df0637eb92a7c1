export type ParamValue = string | number | boolean | undefined | null | readonly (string | number)[];
export type Params = Record<string, ParamValue>;

/**
 * Where a request goes. The API path is appended to the backend URL's own path, so a prefix
 * (`http://h/prometheus` or `http://h/prometheus/`) is kept; an empty path is the URL itself (a
 * webhook's). The query is the URL's own, then the context's `params`, then the request's: a name
 * set by a later source replaces every value an earlier one gave it.
 */
export function requestUrl(base: string | URL, path: string, ...sources: Params[]): URL {
  const url = new URL(base);
  url.hash = '';
  if (path !== '') url.pathname = url.pathname.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  for (const params of sources) {
    for (const key of definedKeys(params)) url.searchParams.delete(key);
    appendParams(url.searchParams, params);
  }
  return url;
}

export function appendParams(target: URLSearchParams, params: Params): void {
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) target.append(key, String(v));
    else target.append(key, String(value));
  }
}

function definedKeys(params: Params): string[] {
  return Object.keys(params).filter((key) => params[key] !== undefined && params[key] !== null);
}
