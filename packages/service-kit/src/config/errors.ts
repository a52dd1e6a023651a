/** A missing or malformed setting: start-up fails with this one line, naming it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
