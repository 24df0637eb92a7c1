const ASCII: Record<string, string> = {
  '█': '#', '▒': '=', '░': '-', '✗': 'x', '✓': 'v', '▾': 'v', '▸': '>', '…': '~', '—': '-', '–': '-', '·': '-', '›': '>', '→': '>',
  '●': '*', '▶': '>', '↑': '^', '↓': 'v', '┼': '+', '┤': '|', '├': '|', '┬': '+', '┴': '+', '─': '-', '│': '|',
  '╭': '+', '╮': '+', '╰': '+', '╯': '+', '▁': '_', '▂': '.', '▃': '-', '▄': '=', '▅': '+', '▆': '*', '▇': '#',
};

/**
 * Text for a terminal without UTF-8: obs's own glyphs become their ASCII look-alikes, one cell for
 * one cell so layouts keep their widths; any other non-ASCII character becomes "?".
 */
export function toAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (c) => ASCII[c] ?? '?');
}
