/**
 * How `obs alerts correlate` looks at live alerts unless told otherwise (its flags' defaults), and so
 * how `obs incident open` looks too: both name the same likely causes at the same moment. Kept apart
 * so that the command tree can show them without loading the analysis.
 */
export const LIVE_DEFAULTS = {
  /** Only alerts that started this far back. */
  since: '2h',
  /** How long each evidence stage waits (SLO burn and the call graph, then traces and log patterns) before ranking without it. */
  evidenceBudget: '1500ms',
} as const;
