/**
 * A proxy in front of a backend that forwards every request and counts them, in all and by endpoint
 * (trace IDs folded into /ID), for the benchmarks that report what obs asks of its backends.
 * BENCH_LOG_URLS=1 prints each request on stderr.
 */
import { createServer, request } from 'node:http';

export async function countingProxy(target) {
  const to = new URL(target);
  const paths = new Map();
  const server = createServer((req, res) => {
    const path = req.url.split('?')[0].replace(/\/[0-9a-f]{16,32}$/, '/ID');
    paths.set(path, (paths.get(path) ?? 0) + 1);
    if (process.env.BENCH_LOG_URLS) console.error(`${target} ${req.method} ${req.url.slice(0, 160)}`);
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Requests by endpoint since the last reset. */
    paths,
    get count() {
      return [...paths.values()].reduce((a, b) => a + b, 0);
    },
    reset: () => paths.clear(),
    close: () => server.close(),
  };
}
