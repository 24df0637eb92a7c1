/** Verdicts per SLO and overall, and the process exit code (pure). */
import type { Verdict } from './types.js';

export interface VerdictInputs {
  /** Why the SLO could not be judged (backend error, spec error, no traffic), or null. */
  noData: string | null;
  /** Reasons that breach: firing page alerts, an exhausted budget, failed gates. */
  breaches: string[];
  /** Reasons that warn: firing ticket alerts, warning gates. */
  warnings: string[];
}

export function decideVerdict(inputs: VerdictInputs): { verdict: Verdict; reasons: string[] } {
  if (inputs.noData !== null) return { verdict: 'NO_DATA', reasons: [inputs.noData] };
  if (inputs.breaches.length > 0) return { verdict: 'BREACHED', reasons: [...inputs.breaches, ...inputs.warnings] };
  if (inputs.warnings.length > 0) return { verdict: 'WARNING', reasons: inputs.warnings };
  return { verdict: 'OK', reasons: [] };
}

const SEVERITY: Record<Verdict, number> = { OK: 0, WARNING: 1, NO_DATA: 2, BREACHED: 3 };

/**
 * The worst verdict: BREACHED > NO_DATA > WARNING > OK. A breach is a fact even when another SLO
 * could not be read; nothing checked at all is NO_DATA.
 */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return 'NO_DATA';
  return verdicts.reduce((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst), 'OK' as Verdict);
}

/** What the exit code reads from each evaluated SLO (an SloResult fits). */
export interface ExitCodeInput {
  verdict: Verdict;
  /** kind `spec`: the spec is wrong in a way only the backend could reveal (a latency threshold that is not a bucket). */
  error: { kind: string } | null;
}

/**
 * 2 when any SLO's spec is wrong; else by the overall verdict: 1 BREACHED, 3 NO_DATA (or backend
 * failure, or a `partial` answer), 0 WARNING (1 with `strict`), 0 OK.
 */
export function exitCode(results: readonly ExitCodeInput[], options: { strict?: boolean; partial?: boolean } = {}): 0 | 1 | 2 | 3 {
  if (results.some((r) => r.error?.kind === 'spec')) return 2;
  const verdicts = results.map((r) => r.verdict);
  // A partial answer (the backend warned) leaves an OK or a WARNING unknown; a breach it shows stays a breach.
  switch (overallVerdict(options.partial ? [...verdicts, 'NO_DATA'] : verdicts)) {
    case 'BREACHED':
      return 1;
    case 'NO_DATA':
      return 3;
    case 'WARNING':
      return options.strict ? 1 : 0;
    case 'OK':
      return 0;
  }
}
