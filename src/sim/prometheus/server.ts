/** The simulated Prometheus: a node:http Server (not yet listening) answering the query API. */
import { createServer, type Server } from 'node:http';
import type { World } from '../world/world.js';
import type { Storage } from '../promql/storage.js';
import { handlePrometheusApi } from './api.js';
import { readRequest, sendText } from './http.js';
import { RuleEvaluator } from './rules.js';
import { SimStorage } from './storage.js';

export interface PrometheusServerOptions {
  now?: () => number;
  /** defaults to the world's series over [now - 30d, now] */
  storage?: Storage;
  /** defaults to the demo rules over `storage` */
  rules?: RuleEvaluator;
}

export function createPrometheusServer(world: World, opts: PrometheusServerOptions = {}): Server {
  const now = opts.now ?? Date.now;
  const storage = opts.storage ?? new SimStorage(world, { now });
  const ctx = { storage, rules: opts.rules ?? new RuleEvaluator(storage), now, startedAt: now() };
  return createServer((req, res) => {
    readRequest(req).then(
      (r) => handlePrometheusApi(ctx, r, res),
      (err: Error) => sendText(res, 400, `${err.message}\n`),
    );
  });
}
