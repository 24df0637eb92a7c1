/** Errors carrying the Prometheus API errorType they map to. */

export type PromErrorType = 'bad_data' | 'execution';

export class PromQLError extends Error {
  constructor(
    message: string,
    readonly errorType: PromErrorType = 'bad_data',
  ) {
    super(message);
    this.name = 'PromQLError';
  }
}

/** A construct valid in PromQL that the demo world does not evaluate. */
export function unsupported(what: string): PromQLError {
  return new PromQLError(`unsupported in the demo world's PromQL subset: ${what}`);
}
