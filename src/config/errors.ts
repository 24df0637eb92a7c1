/** A usage or configuration problem the user can fix: exit code 2. */
export class ConfigError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
