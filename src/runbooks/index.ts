export * from './types.js';
export { parseRunbook } from './parse.js';
export { parseMatcher, matchesLabels } from './matchers.js';
export { parseExpectation, evaluateExpectation, EXPECT_FORMS, type ExecResult, type Verdict } from './expect.js';
export { querySyntaxError } from './query-syntax.js';
export { matchRunbooks, type AlertLabels, type MatchContext, type RunbookCandidate } from './match.js';
export {
  runStep,
  decideBlock,
  describeOutput,
  planRunbook,
  formatPlan,
  type StepExecutors,
  type RunPolicy,
  type RunContext,
  type NotRunReason,
  type BlockResult,
  type StepResult,
  type BlockDecision,
  type PlannedBlock,
  type PlannedStep,
} from './run.js';
export { runbookAttachedEvent, stepRunEvent, stepSkipEvent, stepNoteEvent } from './timeline.js';
export { loadRunbooks, lintRunbookFiles, runbookFiles, findRunbook } from './load.js';
