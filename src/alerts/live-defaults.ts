/**
 * How `obs alerts correlate` looks at live alerts unless told otherwise (its flags' defaults), and so
 * how `obs incident open` looks too: both name the same likely causes at the same moment. Kept apart
 * so that the command tree can show them without loading the analysis.
 */
export const LIVE_DEFAULTS = {
  /** Only alerts that started this far back. */
  since: '2h',
  /** How long the ranking waits for its evidence in all (the call graph, then the SLO burn, traces and log patterns) before ranking without what is missing. */
  evidenceBudget: '1500ms',
} as const;
