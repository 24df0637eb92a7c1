/** Weights of the root-cause ranking's evidence and walk (rank.ts); documented in README.md. */
export const RANK_WEIGHTS = {
  /** Own evidence: log2(1 + distinct alerts, weighed as below) times this. */
  amount: 1,
  /**
   * Weight of an alert whose deviation other components of the incident show too (`shared-deviation.ts`):
   * it describes what they share (load, a machine), not one of them.
   */
  sharedDeviation: 0,
  /** Multiplier for alerts still pending (not yet firing). */
  pending: 0.5,
  /** Multiplier for alerts saying a reading fell below its usual range (`direction.ts`): less work reaching it. */
  belowUsual: 0.5,
  /**
   * The same, when the component's readings fell in at least `belowAcrossKinds` kinds of resource at
   * once (CPU, memory, disk): less of everything is less work reaching it, not a fault of one resource.
   */
  belowAcross: 0,
  belowAcrossKinds: 2,
  /** Own evidence for deviating earliest: this times 1 - (its first alert - group start) / group span. */
  earliness: 0.5,
  /** A host: log2(services on it that deviate) times this, when at least two do. */
  together: 1,
  /** Per alert of other services its alerts inhibit in Alertmanager, up to `inhibitsMax`. */
  inhibits: 0.5,
  inhibitsMax: 1.5,
  sloBurnFast: 1.5,
  sloBurnSlow: 1,
  sloBurning: 0.5,
  newLogPatterns: 1,
  newLogPatternsMore: 0.25,
  newLogPatternsMax: 2,
  /** Times the share of error traces whose deepest failing span is in the service. */
  errorSpanRoots: 3,
  /**
   * Times the share of the incident's failing calls (error alerts naming a callee) that end in the
   * service, when it makes no failing call itself (`failing-calls.ts`). Below the traces' weight: an
   * alert on a call says the call failed, not that nothing behind the callee did.
   */
  failingCallee: 0.5,
  /**
   * Below this share of the error traces, a service without alerts is not made a candidate: every
   * system has a few stray error traces, and one of fifty is noise.
   */
  errorSpanRootsMinShare: 0.1,
  /** The same floor for a service without alerts that receives the incident's failing calls. */
  failingCalleeMinShare: 0.1,
  /** Walk: probability of stepping to a neighbour rather than restarting. */
  damping: 0.15,
  /** Walk: edge weights. Failures travel from a dependency to its callers, so the walk (which goes
   * from symptom to cause) steps to dependencies more readily than to callers. */
  toDependency: 1,
  toCaller: 0.5,
  hosting: 1,
  /** Walk: weight of staying, times own evidence. */
  stay: 1,
  /**
   * Walk: a service whose alerts all say it suffers (latency, errors: `classify.ts` symptoms) while a
   * dependency deviates too steps on to its deviating dependencies with this probability, never to
   * its callers and never staying: a symptom is explained by what it depends on.
   */
  symptomPassOn: 0.5,
  /**
   * Walk: a service whose components with a known host all run on one host that alerts itself while
   * other services on it deviate too steps on to that host with this probability, never elsewhere
   * and never staying: what several services on one machine suffer together is explained by the machine.
   */
  hostPassOn: 0.5,
  /** An instance is named when it holds at least this share of its service's alerts. */
  instanceShare: 2 / 3,
} as const;
