import { describe, expect, it } from 'vitest';
import { criticalPath, deepestFailingSpan } from './analysis.js';
import type { Span, Trace } from './model.js';
import { BAR_CRITICAL, BAR_OTHER, renderSpanDetails, renderWaterfall, serviceColorIndex } from './render.js';
import { cellWidth } from '../output/cells.js';
import { buildSpanTree } from './tree.js';
import { foldToFit, layoutWaterfall } from './waterfall.js';

function span(spanId: string, parentSpanId: string | undefined, service: string, startUs: number, durationUs: number, extra: Partial<Span> = {}): Span {
  return {
    traceId: '4bf92f3577b34da6', spanId, service, operation: `op ${spanId}`, startUs, durationUs,
    kind: 'server', status: 'unset', attributes: {}, events: [],
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    ...extra,
  };
}

// frontend [0,1000ms] -> checkout [100,900] -> payments [200,800] -> payments-db [300,790] (error); cart [50,150].
const checkoutTrace: Trace = {
  traceId: '4bf92f3577b34da6',
  spans: [
    span('fe', undefined, 'frontend', 0, 1_000_000, { operation: 'GET /checkout' }),
    span('cart', 'fe', 'cart', 50_000, 100_000, { operation: 'GetCart' }), // overlaps checkout
    span('co', 'fe', 'checkout', 100_000, 800_000, { operation: 'PlaceOrder' }),
    span('pay', 'co', 'payments', 200_000, 600_000, { operation: 'Charge', status: 'error' }),
    span('db', 'pay', 'payments-db', 300_000, 490_000, { operation: 'INSERT payments', status: 'error', statusMessage: 'connection refused' }),
  ],
};

/** 5,000 spans: a root with 50 concurrent branches, each a chain of about 100 spans; the last fails at its bottom. */
function bigTrace(): Trace {
  const spans = [span('root', undefined, 'frontend', 0, 10_000_000)];
  for (let b = 0; b < 50; b++) {
    let parent = 'root';
    for (let i = 0; i < 99 + (b === 0 ? 0 : 1) && spans.length < 5000; i++) {
      const id = `b${b}-${i}`;
      const start = b * 1000 + i * 1000;
      spans.push(span(id, parent, `svc-${b % 7}`, start, 500_000 - i * 2000, { status: b === 49 && i === 98 ? 'error' : 'unset' }));
      parent = id;
    }
  }
  return { traceId: 'big', spans };
}

describe('layoutWaterfall', () => {
  it('places bars on one time axis shared by all rows, and marks errors and the critical path', () => {
    const layout = layoutWaterfall(buildSpanTree(checkoutTrace), { width: 80 });
    expect(layout.rows.map((r) => r.spanId)).toEqual(['fe', 'cart', 'co', 'pay', 'db']);
    const [fe, cart, co, pay, db] = layout.rows;
    expect(fe).toMatchObject({ depth: 0, barStart: 0, barWidth: layout.barColumns, critical: true, error: false, marker: '▾' });
    expect(cart).toMatchObject({ depth: 1, barStart: Math.floor(layout.barColumns / 20), critical: false, marker: ' ' });
    expect(co!.barStart).toBe(Math.floor(layout.barColumns / 10));
    expect(co!.barStart + co!.barWidth).toBe(Math.ceil(layout.barColumns * 0.9));
    expect(pay).toMatchObject({ error: true, critical: true });
    expect(db).toMatchObject({ error: true, critical: true, depth: 3, indent: 6 });
    expect(layout.errorSpans).toBe(2);
    expect(layout.labelWidth + 1 + layout.barColumns + 1 + layout.durationWidth).toBe(80);
  });

  it('folds collapsed subtrees and counts what they hide', () => {
    const layout = layoutWaterfall(buildSpanTree(checkoutTrace), { width: 80, collapsed: new Set(['co']) });
    expect(layout.rows.map((r) => r.spanId)).toEqual(['fe', 'cart', 'co']);
    expect(layout.rows[2]).toMatchObject({ marker: '▸', hiddenSpans: 2 });
    expect(layout.rows[2]!.label).toContain('(+2)');
  });

  it('sanitises span names and cuts them to the label column', () => {
    const evil: Trace = {
      traceId: 'x',
      spans: [span('a', undefined, 'front\x1b]0;pwned\x07end', 0, 10, { operation: `GET \x1b[2J/${'very-long-path/'.repeat(20)}` })],
    };
    const layout = layoutWaterfall(buildSpanTree(evil), { width: 60 });
    const row = layout.rows[0]!;
    expect(row.service).toBe('frontend');
    expect(row.operation.startsWith('GET /very-long')).toBe(true);
    expect(row.operation.endsWith('…')).toBe(true);
    expect(cellWidth(row.label)).toBeLessThanOrEqual(layout.labelWidth);
    expect(renderWaterfall(layout).join('\n')).not.toMatch(/\x1b|\x07/);
  });
});

describe('renderWaterfall', () => {
  it('draws plain lines of exactly the terminal width, critical bars solid and errors marked', () => {
    const lines = renderWaterfall(layoutWaterfall(buildSpanTree(checkoutTrace), { width: 90 }), { legend: false });
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(cellWidth(line)).toBe(90);
    expect(lines[0]).toMatch(/^4bf92f3577b34da6 5 spans, 2 ✗ +0 +500ms +1s  duration$/);
    const db = lines.find((l) => l.includes('payments-db'))!;
    expect(db).toMatch(/^ {6} {2}payments-db INSERT payments +█+ +✗ +490ms$/);
    expect(lines.find((l) => l.includes('cart'))).toContain(BAR_OTHER);
    expect(lines.find((l) => l.includes('cart'))).not.toContain(BAR_CRITICAL);
  });

  it('keeps every line at the terminal width when names hold emoji and CJK (two cells each)', () => {
    const wide: Trace = {
      traceId: 'w',
      spans: [
        span('a', undefined, 'cart-🛒', 0, 100_000, { operation: 'GET /🛒/checkout' }),
        span('b', 'a', '支付服务', 10_000, 50_000, { operation: '扣款 💳 charge' }),
      ],
    };
    for (const width of [60, 80]) {
      const lines = renderWaterfall(layoutWaterfall(buildSpanTree(wide), { width }), { legend: false });
      for (const line of lines) expect(cellWidth(line)).toBe(width);
    }
  });

  it('shortens a long trace id before the span count in a narrow label column', () => {
    const trace = { ...checkoutTrace, traceId: '7b8c0425a2a9c2d9849dd63b243b4afa' };
    const layout = layoutWaterfall(buildSpanTree(trace), { width: 60 });
    expect(layout.labelWidth).toBeLessThan(40);
    const [header] = renderWaterfall(layout, { legend: false });
    expect(header).toMatch(/^7b8c0425\S*… 5 spans, 2 ✗ +0 /);
  });

  it('hands every part to the colouriser with its row', () => {
    const seen: string[] = [];
    renderWaterfall(layoutWaterfall(buildSpanTree(checkoutTrace), { width: 80 }), {
      colorize: (text, part, row) => {
        if (part === 'service' || part === 'error') seen.push(`${part}:${text}:${row?.spanId}`);
        return `<${text}>`;
      },
    });
    expect(seen).toContain('service:payments-db:db');
    expect(seen).toContain('error:✗:pay');
    expect(seen).not.toContain('error:✗:cart');
  });

  it('shows span attributes and events, sanitised, with times relative to the trace', () => {
    const s = span('db', 'pay', 'payments-db', 300_000, 490_000, {
      status: 'error', statusMessage: 'connection\x1b[31m refused',
      attributes: { 'db.system': 'postgresql', 'net.peer.port': 5432 },
      events: [{ timeUs: 310_000, name: 'retry', attributes: { attempt: 2 } }],
    });
    expect(renderSpanDetails(s, { traceStartUs: 0 })).toEqual([
      'payments-db op db',
      '  span db  parent pay  kind server  status error: connection refused',
      '  start +300ms  duration 490ms',
      '  attributes:',
      '    db.system = postgresql',
      '    net.peer.port = 5432',
      '  events:',
      '    +310ms retry  attempt=2',
    ]);
  });

  it('gives each service a stable colour slot', () => {
    expect(serviceColorIndex('payments', 6)).toBe(serviceColorIndex('payments', 6));
    expect(serviceColorIndex('payments', 6)).toBeLessThan(6);
  });
});

describe('a 5,000-span trace', () => {
  const tree = buildSpanTree(bigTrace());

  it('lays out every span when nothing is folded, each line still fitting the width', () => {
    expect(tree.nodes).toHaveLength(5000);
    const layout = layoutWaterfall(tree, { width: 100 });
    expect(layout.rows).toHaveLength(5000);
    expect(Math.max(...layout.rows.map((r) => r.indent))).toBeLessThanOrEqual(13);
    const lines = renderWaterfall(layout, { legend: false });
    expect(lines.every((l) => cellWidth(l) === 100)).toBe(true);
  });

  it('folds to about a screenful while keeping the critical path and the failing span visible', () => {
    const critical = criticalPath(tree);
    const failing = deepestFailingSpan(tree, critical)!;
    expect(failing.span.spanId).toBe('b49-98');
    const collapsed = foldToFit(tree, 40, [...critical.spanIds, failing.span.spanId]);
    const layout = layoutWaterfall(tree, { width: 100, collapsed, critical });
    const shown = new Set(layout.rows.map((r) => r.spanId));
    expect(shown.has('b49-98')).toBe(true);
    for (const id of critical.spanIds) expect(shown.has(id)).toBe(true);
    // The critical path is the root and the last branch, which holds the failing span: the root's
    // 50 children and that chain are opened, everything else stays folded.
    expect(layout.rows.length).toBeLessThanOrEqual(1 + 50 + 99);
    expect(layout.rows.reduce((n, r) => n + 1 + r.hiddenSpans, 0)).toBe(5000);
  });
});
