import { createContext, useContext } from 'react';
import type { TerminalCaps } from './terminal.js';

export interface Theme extends TerminalCaps {
  border: 'round' | 'classic';
  selectedMark: string;
  dot: string;
  arrowUp: string;
  arrowDown: string;
}

export function makeTheme(caps: TerminalCaps): Theme {
  return caps.unicode
    ? { ...caps, border: 'round', selectedMark: '▶', dot: '●', arrowUp: '↑', arrowDown: '↓' }
    : { ...caps, border: 'classic', selectedMark: '>', dot: '*', arrowUp: '^', arrowDown: 'v' };
}

export const ThemeContext = createContext<Theme>(makeTheme({ color: true, unicode: true }));
export const useTheme = (): Theme => useContext(ThemeContext);

/** Only the 16 basic colours, so it looks the same on a bastion's terminal. */
export type Color = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray';

export function colorOf(theme: Theme, c: Color | undefined): Color | undefined {
  return theme.color ? c : undefined;
}
