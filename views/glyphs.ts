const ASCII: Record<string, string> = { '█': '#', '▒': '=', '✗': 'x', '▾': 'v', '▸': '>', '…': '~', '—': '-', '●': '*', '▶': '>', '↑': '^', '↓': 'v', '┼': '+', '┤': '|', '─': '-', '│': '|' };

/** Replace the few non-ASCII glyphs obs draws with ASCII ones, for terminals without UTF-8. */
export function toAscii(text: string): string {
  return text.replace(/[█▒✗▾▸…—●▶↑↓┼┤─│]/g, (c) => ASCII[c] ?? c);
}
