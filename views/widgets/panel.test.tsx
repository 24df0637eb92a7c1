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

  it('keeps its title and count whole and cuts a long error instead', () => {
    const error = `alertmanager: ${'the upstream answered with an HTML page, not JSON '.repeat(3)}`;
    const app = render(
      <Panel title="Firing alerts (12)" live={{ loading: false, stale: false, error }} now={NOW} width={40}>
        <Text>rows</Text>
      </Panel>,
    );
    const header = app.lastFrame()!.split('\n')[1]!;
    app.unmount();
    expect(header).toMatch(/^│Firing alerts \(12\) error — alertman\S*…│$/);
  });

  it('cuts a title that alone passes the width, and then shows no state at all', () => {
    const app = render(
      <Panel title={`Likely causes of node-2, behind ${'KubeNodeMemoryPressure '.repeat(3)}`} live={{ loading: false, stale: false, error: 'prometheus: timeout' }} now={NOW} width={40}>
        <Text>rows</Text>
      </Panel>,
    );
    const header = app.lastFrame()!.split('\n')[1]!;
    app.unmount();
    expect(header).toMatch(/^│Likely causes of node-2, behind Kube\S*…│$/);
  });
});

