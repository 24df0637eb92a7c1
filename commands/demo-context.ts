import type { Context } from '../src/config/types.js';
import type { DemoUrls } from '../src/sim/server.js';
import type { ResolvedContext } from '../src/config/resolve.js';
import { resolveContext } from '../src/config/resolve.js';
import { packageRoot } from '../src/config/package-root.js';
import { join } from 'node:path';

/** The context that points obs at a running demo world. */
export function demoContextConfig(urls: DemoUrls): Context {
  return {
    prometheus: { url: urls.prometheus },
    alertmanager: { url: urls.alertmanager },
    loki: { url: urls.loki },
    jaeger: { url: urls.jaeger },
    amplitude: { url: urls.amplitude, username: 'demo-api-key', password: 'demo-secret-key' },
    keyEvents: ['page_view', 'add_to_cart', 'checkout_started', 'checkout_completed'],
    // The demo's own SLO specs, runbooks and boards ship with obs.
    sloDir: join(packageRoot(), 'slos', 'demo'),
    runbookDir: join(packageRoot(), 'runbooks'),
    boardDir: join(packageRoot(), 'boards'),
    // The demo's servers compute every answer on this machine, with --demo in obs's own process, so
    // on a busy machine a week-long range query waits its turn for the CPU, not for a network: that
    // wait must not read as a backend that failed.
    timeout: DEMO_TIMEOUT,
  };
}

const DEMO_TIMEOUT = '5m';

/**
 * The context `obs demo --save` stores: read-only, so a demo runbook can never run a shell command
 * against whatever cluster the shell points at, and with its own incident directory, so demo
 * incidents never land in the real log or become the current real incident.
 */
export function savedDemoContext(urls: DemoUrls, stateDir: string): Context {
  return { ...demoContextConfig(urls), readOnly: true, incidentDir: join(stateDir, 'demo', 'incidents') };
}

export function demoContext(urls: DemoUrls): ResolvedContext {
  return resolveContext({ currentContext: 'demo', contexts: { demo: demoContextConfig(urls) } }, 'demo', {});
}
