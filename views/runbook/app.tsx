/**
 * `obs runbook run`: one step at a time, with its text and blocks, the live result of its checks,
 * and every run, skip and note written to the incident timeline through `record`.
 * Keys: enter/r run (again), n next, p back, s skip, N note, q quit.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useRef, useState } from 'react';
import type { EventBody } from '../../src/incidents/types.js';
import { sanitize } from '../../src/output/sanitize.js';
import type { RunContext, StepResult } from '../../src/runbooks/run.js';
import { stepNoteEvent, stepRunEvent, stepSkipEvent } from '../../src/runbooks/timeline.js';
import type { CodeBlock, Runbook, RunbookStep } from '../../src/runbooks/types.js';
import { useSize } from '../hooks/use-size.js';
import { useSyncState } from '../hooks/use-sync-state.js';
import { colorOf, ThemeContext, useTheme, type Theme } from '../theme.js';
import { blockLines, resultLines, stepMark, type Line, type StepState } from './format.js';

export interface RunbookAppProps {
  runbook: Runbook;
  theme: Theme;
  /** The incident the steps are recorded into; none: nothing is recorded. */
  incident?: string;
  /** Runs one step (runStep with the live executors and the context's policy); `confirm` asks before each sh block. */
  run: (step: RunbookStep, confirm: NonNullable<RunContext['confirm']>) => Promise<StepResult>;
  /** Appends an event to the incident timeline. */
  record: (event: EventBody) => Promise<void>;
}

type Mode = 'normal' | 'running' | 'note' | 'confirm';

export function RunbookApp(props: RunbookAppProps) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <StepThrough {...props} />
    </ThemeContext.Provider>
  );
}

function StepThrough({ runbook, incident, run, record }: RunbookAppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useSize();
  const steps = runbook.steps;
  const [index, setIndex, indexRef] = useSyncState(0);
  const [mode, setMode, modeRef] = useSyncState<Mode>('normal');
  const [states, setStates] = useState<StepState[]>(() => steps.map(() => 'pending'));
  const [results, setResults] = useState<(StepResult | undefined)[]>(() => steps.map(() => undefined));
  const [note, setNote, noteRef] = useSyncState('');
  const [asking, setAsking] = useState<CodeBlock>();
  const answer = useRef<(yes: boolean) => void>(undefined);
  const [message, setMessage] = useState(incident ? `recording into ${incident}` : 'no incident: nothing is recorded (pass --incident or open one)');

  const save = (event: EventBody, done: string) =>
    record(event).then(
      () => setMessage(incident ? `${done}; recorded in ${incident}` : done),
      (err: Error) => setMessage(`${done}; NOT recorded: ${sanitize(err.message, { maxLength: 200 })}`),
    );
  const setAt = <T,>(set: (f: (xs: T[]) => T[]) => void, i: number, value: T) => set((xs) => xs.map((x, j) => (j === i ? value : x)));

  const runCurrent = () => {
    const i = indexRef.current;
    const step = steps[i];
    if (!step) return;
    setMode('running');
    setMessage(`running step ${step.index}…`);
    const confirm = (request: { block: CodeBlock }) =>
      new Promise<boolean>((resolve) => {
        answer.current = resolve;
        setAsking(request.block);
        setMode('confirm');
      });
    run(step, confirm).then(
      async (result) => {
        setAt(setResults, i, result);
        setAt(setStates, i, result.outcome);
        setMode('normal');
        await save(stepRunEvent(runbook, result), `step ${step.index} ${result.outcome}`);
      },
      (err: Error) => {
        setMode('normal');
        setMessage(`step ${step.index} could not run: ${sanitize(err.message, { maxLength: 200 })}`);
      },
    );
  };

  const move = (by: number) => {
    const next = indexRef.current + by;
    if (next < 0 || next >= steps.length) {
      setMessage(next < 0 ? 'this is the first step' : 'this is the last step: q to quit');
      return;
    }
    setIndex(next);
  };

  useInput((ch, key) => {
    const current = modeRef.current;
    if (current === 'running') return;
    if (current === 'confirm') {
      const yes = ch === 'y' || ch === 'Y';
      setAsking(undefined);
      setMode('running');
      setMessage(yes ? 'running the command…' : 'declined');
      answer.current?.(yes);
      return;
    }
    if (current === 'note') {
      if (key.escape) {
        setMode('normal');
        setNote('');
        setMessage('note discarded');
      } else if (key.return || ch.endsWith('\r')) {
        const text = (noteRef.current + ch.replace(/\r$/, '')).trim();
        const step = steps[indexRef.current];
        setMode('normal');
        setNote('');
        if (text && step) void save(stepNoteEvent(runbook, step, text), `note on step ${step.index} saved`);
      } else if (key.backspace || key.delete) setNote((t) => t.slice(0, -1));
      else if (ch && !key.ctrl && !key.meta) setNote((t) => t + ch);
      return;
    }
    if (ch === 'q') exit();
    else if (key.return || ch === 'r') runCurrent();
    else if (ch === 'n' || key.downArrow || key.rightArrow) move(1);
    else if (ch === 'p' || key.upArrow || key.leftArrow) move(-1);
    else if (ch === 's') {
      const i = indexRef.current;
      const step = steps[i];
      if (!step) return;
      setAt(setStates, i, 'skipped');
      void save(stepSkipEvent(runbook, step), `step ${step.index} skipped`);
      move(1);
    } else if (ch === 'N') {
      setMode('note');
      setNote('');
      setMessage('');
    }
  });

  const width = size.columns;
  const step = steps[index];
  // Title, step strip, two borders per panel, message and key help; one row spare so Ink does not clear the screen.
  const room = Math.max(8, size.rows - 9);
  const stepRows = Math.max(4, Math.ceil(room * 0.45));
  const resultRows = Math.max(3, room - stepRows);
  const dim = (text: string) => <Text color={colorOf(theme, 'gray')}>{text}</Text>;
  const result = results[index];

  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between">
        <Text bold>{sanitize(`${runbook.title} (${runbook.name})`, { maxLength: Math.max(10, width - 30) })}</Text>
        {dim(incident ? `→ ${incident}` : 'not recording')}
      </Box>
      <Box>
        <Text wrap="truncate">
          {steps.map((s, i) => {
            const mark = stepMark(states[i]!, theme.unicode);
            const here = i === index;
            return (
              <Text key={s.index} color={colorOf(theme, here ? 'cyan' : mark.color)} bold={here} inverse={here}>
                {`${mark.glyph}${s.index}`}
                {i < steps.length - 1 ? <Text inverse={false}> </Text> : null}
              </Text>
            );
          })}
        </Text>
      </Box>
      <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, 'cyan')} height={stepRows + 2} overflow="hidden">
        {step ? (
          <>
            <Text bold wrap="truncate">{sanitize(`${step.index}/${steps.length}  ${step.title}`, { maxLength: width })}</Text>
            {step.text ? <Text>{sanitize(step.text, { multiline: true, maxLength: 2000 })}</Text> : null}
            <Text> </Text>
            {step.blocks.length === 0 ? dim('manual step: read, do, and press n') : null}
            {step.blocks.flatMap((b) => blockLines(b)).map((l, i) => <LineText key={i} line={l} />)}
          </>
        ) : (
          dim('this runbook has no steps')
        )}
      </Box>
      <Box flexDirection="column" borderStyle={theme.border} borderColor={colorOf(theme, 'gray')} height={resultRows + 2} overflow="hidden">
        {mode === 'confirm' && asking ? (
          <>
            <Text bold color={colorOf(theme, asking.dangerous ? 'red' : 'yellow')}>{asking.dangerous ? 'Run this DANGEROUS command? [y/N]' : 'Run this command? [y/N]'}</Text>
            {asking.code.split('\n').map((l, i) => <Text key={i}>{`  ${sanitize(l, { maxLength: 2000 })}`}</Text>)}
          </>
        ) : mode === 'running' ? (
          dim('running…')
        ) : result ? (
          resultLines(result, { unicode: theme.unicode, width: width - 4, maxOutput: Math.max(1, resultRows - result.blocks.length - 1) }).map((l, i) => <LineText key={i} line={l} />)
        ) : (
          dim(states[index] === 'skipped' ? 'skipped' : 'not run yet: enter or r runs it')
        )}
      </Box>
      {mode === 'note' ? (
        <Text wrap="truncate">
          <Text bold>{'Note: '}</Text>
          {sanitize(note, { maxLength: width })}
          <Text inverse> </Text>
          {dim('  (enter saves, esc discards)')}
        </Text>
      ) : (
        <Text wrap="truncate">{sanitize(message, { maxLength: width })}</Text>
      )}
      {dim(['enter/r run', 'n next', 'p back', 's skip', 'N note', 'q quit'].join(theme.unicode ? ' · ' : ' | '))}
    </Box>
  );
}

function LineText({ line }: { line: Line }) {
  const theme = useTheme();
  return (
    <Text wrap={line.wrap ? 'wrap' : 'truncate'} bold={line.bold} color={colorOf(theme, line.color)}>
      {line.text}
    </Text>
  );
}
