/**
 * Which rows of a list fit in `lines` lines, keeping `selected` in view. When not all rows fit,
 * one line is kept for "… N more", so every row is either shown or counted.
 */
export function listWindow(count: number, lines: number, selected = -1): { first: number; shown: number; hidden: number } {
  const room = Math.max(1, lines);
  if (count <= room) return { first: 0, shown: count, hidden: 0 };
  // In a single line there is room only to say how many rows there are.
  const shown = room - 1;
  const first = shown === 0 ? 0 : Math.max(0, Math.min(selected - shown + 1, count - shown));
  return { first, shown, hidden: count - shown };
}

/** The line that accounts for the rows a list could not show. */
export const moreLine = (hidden: number, hint = 'j/k to scroll'): string => `… ${hidden} more${hint ? ` (${hint})` : ''}`;
