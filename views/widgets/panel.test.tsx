import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { Live } from '../hooks/use-live.js';
import { Panel } from './panel.js';

const NOW = 1_000_000;
const firstLine = (live: Live<unknown>) => {
  const app = render(
    <Panel title="Error and slow traces" hint="enter: waterfall" live={live} now={NOW} width={70}>
      <Text>rows</Text>
    </Panel>,
  );
  const header = app.lastFrame()!.split('\n')[1]!;
  app.unmount();
  return header;
};

describe('Panel', () => {
  it('follows its title with the keys that work in it', () => {
    expect(firstLine({ data: [], loading: false, stale: false, updatedAt: NOW })).toContain('Error and slow traces (enter: waterfall)');
  });

  it('gives the room of the keys to its error, which says more', () => {
    const header = firstLine({ loading: false, stale: false, error: 'context "qa" has no jaeger URL' });
    expect(header).toContain('Error and slow traces error — context "qa" has no jaeger URL');
    expect(header).not.toContain('enter');
  });
});
