/** A usage or configuration problem the user can fix: exit code 2. */
export class ConfigError extends Error {
  /** `keyPath`: where in the config file the problem is, e.g. ["contexts", "prod", "prometheus", "url"]. */
  constructor(message: string, readonly hint?: string, readonly keyPath?: string[]) {
    super(message);
    this.name = 'ConfigError';
  }
}
