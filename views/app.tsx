import { Box, Text, useApp } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { BackendStatus, CockpitData } from '../src/cockpit/types.js';
import { sanitize } from '../src/output/sanitize.js';
import { cellWidth } from '../src/output/cells.js';
import { useLive } from './hooks/use-live.js';
import { useSyncState } from './hooks/use-sync-state.js';
import { useSize } from './hooks/use-size.js';
import { colorOf, ThemeContext, useTheme, type Theme } from './theme.js';
import { breadcrumbs, bounded, completeBar, parseBar, screenTitle, type Screen } from './commands.js';
import { MIN_COLUMNS, MIN_ROWS } from './terminal.js';
import { Overview, type LiveOptions } from './screens/overview.js';
import { ServiceScreen } from './screens/service.js';
import { TraceScreen } from './screens/trace.js';
import { AlertsScreen, logLineKey, LogsScreen, PatternSamplesScreen, SloScreen } from './screens/lists.js';
import { Help } from './screens/help.js';
import { LogEntryScreen } from './screens/log-entry.js';
import { ScreenKeysContext, useKeyPath } from './keys/router.js';
import type { KeyHandler } from './keys/keys.js';
import { BoardScreen } from './boards/board-screen.js';

export interface AppProps {
  data: CockpitData;
  theme: Theme;
  refreshMs: number;
  now?: () => number;
  /** Switch to another context (`:ctx NAME`); resolves to its data or rejects with why not. */
  switchContext?: (name: string) => Promise<CockpitData>;
  contextNames?: string[];
}

type Mode = 'normal' | 'command' | 'filter' | 'help';

export function App(props: AppProps) {
  return (
    <ThemeContext.Provider value={props.theme}>
      <Cockpit {...props} />
    </ThemeContext.Provider>
  );
}

function Cockpit(props: AppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useSize();
  const now = props.now ?? Date.now;
  const [data, setData] = useState(props.data);
  const [stack, setStack] = useState<Screen[]>([{ kind: 'overview' }]);
  const [mode, setMode, modeRef] = useSyncState<Mode>('normal');
  const [input, setInput, inputRef] = useSyncState('');
  const [filter, setFilter, filterRef] = useSyncState('');
  const [message, setMessage] = useState('');
  const [paused, setPaused] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const live: LiveOptions = { intervalMs: props.refreshMs, paused, refreshKey, now };
  const services = useLive(() => data.services(), props.refreshMs, { ...live, deps: [data] });
  const backends = useLive(() => data.backendStatus(), props.refreshMs, { ...live, deps: [data] });
  const screen = stack[stack.length - 1];

  const screenKeys = useRef<KeyHandler | undefined>(undefined);

  const open = useCallback((s: Screen) => {
    // The overview is home: going there starts the trail again rather than adding to it.
    setStack((st) => (s.kind === 'overview' ? [s] : bounded([...st, s])));
    setFilter('');
    setMessage('');
  }, []);

  const runBar = (text: string) => {
    const action = parseBar(text);
    if (action.type === 'open') open(action.screen);
    else if (action.type === 'quit') exit();
    else if (action.type === 'help') setMode('help');
    else if (action.type === 'error') setMessage(action.message);
    else if (action.type === 'board') open({ kind: 'board', name: action.name });
    else if (action.type === 'context') {
      if (!props.switchContext) setMessage('switching context is not available here');
      else {
        setMessage(`switching to context ${action.name}…`);
        props.switchContext(action.name).then(
          (next) => {
            setData(next);
            setStack([{ kind: 'overview' }]);
            setFilter('');
            setMessage(`context ${action.name}`);
          },
          (e: Error) => setMessage(sanitize(e.message, { maxLength: 200 })),
        );
      }
    }
  };

  useKeyPath((ch, key) => {
    const mode = modeRef.current;
    if (mode === 'command' || mode === 'filter') {
      if (key.escape) {
        if (mode === 'filter') setFilter('');
        setMode('normal');
        setInput('');
      } else if (key.return) {
        setMode('normal');
        if (mode === 'command') runBar(inputRef.current);
        else setFilter(inputRef.current);
        setInput('');
      } else if (key.tab && mode === 'command') {
        setInput((t) => completeBar(t, { svc: (services.data?.services ?? []).map((s) => s.service), ctx: props.contextNames ?? [] }));
      } else if (key.backspace || key.delete) {
        setInput((t) => t.slice(0, -1));
        if (mode === 'filter') setFilter(inputRef.current);
      } else if (ch && !key.ctrl && !key.meta) {
        setInput((t) => t + ch);
        if (mode === 'filter') setFilter(inputRef.current);
        return true;
      }
      return;
    }
    if (mode === 'help') {
      if (key.escape || ch === '?' || ch === 'q') setMode('normal');
      return;
    }
    if (screenKeys.current?.(ch, key)) return;
    if (ch === 'q') exit();
    else if (ch === ':') {
      setMode('command');
      setInput('');
      setMessage('');
    } else if (ch === '/') {
      setMode('filter');
      setInput(filterRef.current);
    } else if (ch === '?') setMode('help');
    else if (ch === 'r') {
      setRefreshKey((k) => k + 1);
      setMessage('refreshing');
    } else if (ch === 'p') setPaused((p) => !p);
    else if (key.escape) {
      if (filterRef.current) setFilter('');
      else setStack((st) => (st.length > 1 ? st.slice(0, -1) : st));
    }
  });

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return <Text>{`obs top needs a terminal of at least ${MIN_COLUMNS}x${MIN_ROWS}; this one is ${size.columns}x${size.rows}. Make it larger, or press q to quit.`}</Text>;
  }
  const width = size.columns;
  // One row fewer than the terminal: Ink clears the whole screen when output fills it.
  const bodyHeight = size.rows - 4;
  const screenProps = { data, live, width, height: bodyHeight, filter, open };
  return (
    <Box flexDirection="column" width={width} height={size.rows - 1}>
      <Header contextName={data.contextName} backends={backends.data ?? []} updatedAt={services.updatedAt} paused={paused} width={width} />
      <Text wrap="truncate-end" color={colorOf(theme, 'cyan')}>{breadcrumbs(stack.map(screenTitle), sanitize(filter), width, theme.unicode)}</Text>
      {mode === 'help' ? <Help width={width} height={bodyHeight} /> : null}
      {/* Help covers the screen without unmounting it, so the selection and data survive. */}
      <ScreenKeysContext.Provider value={screenKeys}>
        <Box height={bodyHeight} flexDirection="column" display={mode === 'help' ? 'none' : 'flex'}>
          {screen.kind === 'overview' ? <Overview {...screenProps} services={services} /> : null}
          {screen.kind === 'service' ? <ServiceScreen key={screen.service} {...screenProps} service={screen.service} /> : null}
          {screen.kind === 'trace' ? <TraceScreen key={screen.traceId} {...screenProps} traceId={screen.traceId} /> : null}
          {screen.kind === 'alerts' ? <AlertsScreen {...screenProps} /> : null}
          {screen.kind === 'slo' ? <SloScreen {...screenProps} /> : null}
          {screen.kind === 'logs' ? <LogsScreen key={screen.query} {...screenProps} query={screen.query} /> : null}
          {screen.kind === 'patterns' ? <PatternSamplesScreen {...screenProps} service={screen.service} patternId={screen.patternId} /> : null}
          {screen.kind === 'entry' ? <LogEntryScreen key={logLineKey(screen.entry)} entry={screen.entry} width={width} height={bodyHeight} /> : null}
          {screen.kind === 'board' ? <BoardScreen key={screen.name} {...screenProps} load={() => (data.board ? data.board(screen.name) : Promise.reject(new Error('boards are not available here')))} /> : null}
        </Box>
      </ScreenKeysContext.Provider>
      <Footer mode={mode} input={input} message={message} paused={paused} width={width} />
    </Box>
  );
}

function Header(props: { contextName: string; backends: BackendStatus[]; updatedAt?: number; paused: boolean; width: number }) {
  const theme = useTheme();
  const time = props.updatedAt ? new Date(props.updatedAt).toISOString().slice(11, 19) : '--:--:--';
  const right = `${props.paused ? 'PAUSED ' : ''}updated ${time} UTC`;
  const left = `obs ${theme.unicode ? '·' : '-'} ${sanitize(props.contextName, { maxLength: 24 })} `;
  // Narrow terminals drop the latencies first, then shorten the backend names.
  const wide = props.width >= 110;
  const label = (b: BackendStatus) => {
    const name = wide ? b.backend : b.backend.slice(0, 4);
    const detail = b.state === 'down' ? ' down' : wide && b.latencyMs !== undefined ? ` ${Math.round(b.latencyMs)}ms` : b.state === 'slow' ? ' slow' : '';
    return `${theme.dot}${name}${detail} `;
  };
  const room = props.width - cellWidth(left) - right.length - 1;
  const shown: BackendStatus[] = [];
  let used = 0;
  for (const b of props.backends) {
    if (used + label(b).length > room) break;
    shown.push(b);
    used += label(b).length;
  }
  return (
    <Box width={props.width} height={1}>
      <Text bold>{left}</Text>
      {shown.map((b) => (
        <Text key={b.backend} color={colorOf(theme, b.state === 'up' ? 'green' : b.state === 'slow' ? 'yellow' : 'red')}>{label(b)}</Text>
      ))}
      <Box flexGrow={1} />
      <Text color={colorOf(theme, props.paused ? 'yellow' : undefined)} dimColor={!props.paused}>{right}</Text>
    </Box>
  );
}

function Footer(props: { mode: Mode; input: string; message: string; paused: boolean; width: number }) {
  const theme = useTheme();
  if (props.mode === 'command') return <Text>{`:${props.input}`}<Text inverse> </Text></Text>;
  if (props.mode === 'filter') return <Text>{`/${props.input}`}<Text inverse> </Text></Text>;
  if (props.message) return <Text wrap="truncate-end" color={colorOf(theme, 'yellow')}>{props.message}</Text>;
  // At 80 columns "tab panel" gives way (the help lists it) so the rest is never cut.
  const keys = `? help  : command  / filter  enter open  esc back  ${props.width >= 90 ? 'tab panel  ' : ''}r refresh  p pause  q quit`;
  return <Text dimColor wrap="truncate-end">{keys}</Text>;
}
