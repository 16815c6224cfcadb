/**
 * A configuration problem an operator must fix: names the source (file or variable), the path
 * inside it and the reason, so the one line printed at boot or by the CLI is enough to act on.
 */
export class ConfigError extends Error {
  readonly source: string;
  readonly path: string;
  readonly reason: string;

  constructor(source: string, path: string, reason: string) {
    super(`${source}${path ? ` at ${path}` : ''}: ${reason}`);
    this.name = 'ConfigError';
    this.source = source;
    this.path = path;
    this.reason = reason;
  }
}
