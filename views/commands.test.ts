import { describe, expect, it } from 'vitest';
import { breadcrumbs, completeBar, parseBar } from './commands.js';
import { cellWidth } from '../src/output/cells.js';
import { hiddenByFilter, makeFilter, shownOf } from './filter.js';

describe('command bar', () => {
  it('opens screens by name', () => {
    expect(parseBar('svc payments')).toEqual({ type: 'open', screen: { kind: 'service', service: 'payments' } });
    expect(parseBar('logs {service="payments"} |= "timeout"')).toEqual({ type: 'open', screen: { kind: 'logs', query: '{service="payments"} |= "timeout"' } });
    expect(parseBar('trace 4BF92F3577B34DA6A3CE929D0E0E4736')).toEqual({ type: 'open', screen: { kind: 'trace', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } });
    expect(parseBar('ctx prod')).toEqual({ type: 'context', name: 'prod' });
    expect(parseBar('q')).toEqual({ type: 'quit' });
  });

  it('explains what it did not understand', () => {
    expect(parseBar('svc')).toMatchObject({ type: 'error', message: 'usage: :svc NAME' });
    expect(parseBar('trace xyz')).toMatchObject({ type: 'error' });
    expect(parseBar('frob')).toMatchObject({ type: 'error', message: expect.stringContaining(':frob') });
  });

  it('completes command words and arguments', () => {
    expect(completeBar('al', {})).toBe('alerts ');
    expect(completeBar('svc pay', { svc: ['payments', 'payments-db', 'cart'] })).toBe('svc payments');
    expect(completeBar('svc ca', { svc: ['payments', 'cart', 'cart-cache'] })).toBe('svc cart');
    expect(completeBar('svc zz', { svc: ['cart'] })).toBe('svc zz');
  });
});

describe('filter', () => {
  it('matches a case-insensitive regex, inverted with !', () => {
    expect(['payments', 'payments-db', 'cart'].filter(makeFilter('^pay'))).toEqual(['payments', 'payments-db']);
    expect(['payments', 'payments-db', 'cart'].filter(makeFilter('!db$'))).toEqual(['payments', 'cart']);
    expect(['a(b', 'c'].filter(makeFilter('a('))).toEqual(['a(b']);
  });
});

describe('breadcrumbs', () => {
  it('fit the width in terminal cells with wide service names, the filter always whole', () => {
    const titles = ['overview', 'svc 支付服务支付服务', 'trace 4bf92f35', 'span 支付服务'];
    for (const unicode of [true, false]) {
      const trail = breadcrumbs(titles, '支付', 30, unicode);
      expect(cellWidth(trail)).toBeLessThanOrEqual(30);
      expect(trail.endsWith('  /支付')).toBe(true);
    }
    expect(breadcrumbs(['svc 支付服务支付服务支付服务支付服务'], '', 20)).toBe('svc 支付服务支付服…');
  });
});

describe('what the filter hides', () => {
  it('says how many rows there are when it hid them all, and nothing when it hid none', () => {
    expect(hiddenByFilter(3, 'firing alert', 'zzz')).toBe('3 firing alerts, none match /zzz/ (esc clears)');
    expect(hiddenByFilter(1, 'service', '(pay')).toBe('1 service, none match /(pay/ (esc clears)');
    expect(hiddenByFilter(0, 'service', 'zzz')).toBeUndefined();
    expect(hiddenByFilter(3, 'service', '')).toBeUndefined();
    expect(hiddenByFilter(2, 'line', 'a\x1b[2Jb')).not.toContain('\x1b');
  });

  it('counts the rows kept out of all', () => {
    expect(shownOf(3, 3)).toBe('3');
    expect(shownOf(1, 3)).toBe('1 of 3');
  });
});
