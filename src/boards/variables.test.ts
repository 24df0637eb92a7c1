import { describe, expect, it } from 'vitest';
import { ALL, type ListVariable, type QueryVariable } from './model.js';
import { parseBoard } from './parse.js';
import {
  filterOptions,
  labelValuesRequest,
  parseLabelValues,
  resolveVariables,
  selectValues,
  VariableError,
  type LabelValuesRequest,
} from './variables.js';

const RANGE = { start: 1_000_000, end: 4_600_000 };

const serviceVar: QueryVariable = {
  name: 'service',
  kind: 'query',
  query: 'label_values(http_requests_total{env="$env"}, service)',
  source: 'prometheus',
  multi: true,
  includeAll: true,
};
const envVar: ListVariable = { name: 'env', kind: 'list', values: ['prod', 'staging'], multi: false, includeAll: false };

describe('label_values queries', () => {
  it('splits the selector from the label, commas inside the selector included', () => {
    expect(parseLabelValues('label_values(job)')).toEqual({ label: 'job' });
    expect(parseLabelValues('label_values(up{a="x,y"}, service)')).toEqual({ label: 'service', selector: 'up{a="x,y"}' });
    expect(parseLabelValues('label_names()')).toBeUndefined();
  });

  it('builds the request with earlier variables substituted safely', () => {
    const req = labelValuesRequest(serviceVar, { env: { values: ['prod"} or up{x="'] } }, RANGE);
    expect(req).toMatchObject({
      backend: 'prometheus',
      label: 'service',
      selector: 'http_requests_total{env="prod\\"} or up{x=\\""}',
      start: RANGE.start,
      end: RANGE.end,
    });
    expect(labelValuesRequest(envVar, {}, RANGE)).toBeUndefined();
  });
});

describe('options and selection', () => {
  it('dedups, sorts and filters options by regex, keeping the first capture group', () => {
    expect(filterOptions(['b', 'a', 'b'], undefined)).toEqual(['a', 'b']);
    expect(filterOptions(['api-prod', 'api-dev', 'web-prod'], '/(.*)-prod/')).toEqual(['api', 'web']);
    expect(filterOptions(['/checkout', '/internal/x'], '/^\\/(?!internal).*/')).toEqual(['/checkout']);
  });

  it('chooses asked values, else the default, else All, else the first option', () => {
    const options = ['cart', 'checkout'];
    expect(selectValues(serviceVar, options, ['cart'])).toMatchObject({ values: ['cart'] });
    expect(selectValues(serviceVar, options)).toMatchObject({ values: options, all: true });
    expect(selectValues({ ...serviceVar, allValue: '.*' }, options, [ALL])).toMatchObject({ all: true, allValue: '.*' });
    expect(selectValues({ ...serviceVar, includeAll: false }, options)).toMatchObject({ values: ['cart'] });
    expect(selectValues(envVar, envVar.values)).toMatchObject({ values: ['prod'] });
    expect(selectValues({ ...envVar, default: ['staging'] }, envVar.values)).toMatchObject({ values: ['staging'] });
  });

  it('refuses choices the variable does not allow', () => {
    expect(() => selectValues(envVar, envVar.values, ['prod', 'staging'])).toThrow(/takes one value/);
    expect(() => selectValues(envVar, envVar.values, ['qa'])).toThrow(/has no value "qa"; choose from prod, staging/);
    expect(() => selectValues(envVar, envVar.values, [ALL])).toThrow(VariableError);
    expect(selectValues(serviceVar, ['a'], ['not-listed'])).toMatchObject({ values: ['not-listed'] });
  });
});

describe('resolving a board', () => {
  const { board } = parseBoard(
    `
title: t
variables:
  - { name: env, values: [prod, staging], default: staging }
  - { name: service, query: 'label_values(http_requests_total{env="$env"}, service)', multi: true, includeAll: true }
  - { name: route, query: 'label_values(http_requests_total{service=~"$service"}, route)', regex: '/^\\/api/' }
panels: [{ kind: stat, query: up }]
`,
    'b.yaml',
  );

  it('resolves in order, each query seeing the variables before it', async () => {
    const asked: LabelValuesRequest[] = [];
    const fetch = async (req: LabelValuesRequest) => {
      asked.push(req);
      return req.label === 'service' ? ['checkout', 'cart'] : ['/api/pay', '/health', '/api/cart'];
    };
    const { variables, errors } = await resolveVariables(board!, {}, RANGE, fetch);
    expect(errors).toEqual([]);
    expect(asked.map((r) => r.selector)).toEqual(['http_requests_total{env="staging"}', 'http_requests_total{service=~"(cart|checkout)"}']);
    expect(variables.service).toMatchObject({ values: ['cart', 'checkout'], all: true, options: ['cart', 'checkout'] });
    expect(variables.route).toMatchObject({ values: ['/api/cart'], options: ['/api/cart', '/api/pay'] });
  });

  it('reports a failed fetch and an unknown asked variable, and keeps going', async () => {
    const fetch = async (req: LabelValuesRequest): Promise<string[]> => {
      if (req.label === 'service') throw new Error('prometheus: unreachable');
      return ['/api/x'];
    };
    const { variables, errors } = await resolveVariables(board!, { service: ['checkout'], nope: ['x'] }, RANGE, fetch);
    expect(errors.map((e) => e.message)).toEqual(['the board has no variable $nope', '$service: prometheus: unreachable']);
    expect(variables.service.values).toEqual(['checkout']);
    expect(variables.route.values).toEqual(['/api/x']);
  });
});
