import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { cellWidth } from '../../src/output/cells.js';
import { makeTheme, ThemeContext } from '../theme.js';
import { plain } from '../testing.js';
import { Table, type TableColumn } from './table.js';

interface Row {
  name: string;
  rps: string;
}

const columns: TableColumn<Row>[] = [
  { header: 'SERVICE', width: 12, cell: (r) => r.name },
  { header: 'RPS', width: 8, align: 'right', cell: (r) => r.rps },
  { header: 'P99', width: 6, align: 'right', cell: () => '980ms' },
];

function draw(rows: Row[], width: number): string[] {
  const app = render(
    <ThemeContext.Provider value={makeTheme({ color: false, unicode: true })}>
      <Box width={width} flexDirection="column">
        <Table columns={columns} rows={rows} rowKey={(r) => r.name} selected={0} />
      </Box>
    </ThemeContext.Provider>,
  );
  const lines = plain(app.lastFrame() ?? '').split('\n');
  app.unmount();
  return lines;
}

describe('Table', () => {
  it('lines up wide (CJK, emoji) names with the others, one line per row, by terminal cells', () => {
    const rows = [{ name: 'cart', rps: '2.05/s' }, { name: '支付服务', rps: '2.05/s' }, { name: 'cart-🛒', rps: '2.05/s' }, { name: '支付服务支付服务', rps: '2.05/s' }];
    const lines = draw(rows, 40);
    // Header and four rows, no line wrapped onto a second one.
    expect(lines).toHaveLength(5);
    const rpsEnd = (line: string) => cellWidth(line.slice(0, line.indexOf('2.05/s') + '2.05/s'.length));
    expect(rows.map((_, i) => rpsEnd(lines[i + 1]))).toEqual(rows.map(() => rpsEnd(lines[1])));
    expect(new Set(lines.map((l) => cellWidth(l.trimEnd()))).size).toBe(1);
    // Too long for its column: cut with "…" at a whole character.
    expect(lines[4]).toContain('支付服务支…    2.05/s');
  });
});
