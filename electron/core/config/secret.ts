import { CoreError } from '../errors';

/**
 * A config value that names where a secret lives (`env:NAME`) rather than holding it.
 * It is resolved only when the feature that needs it runs, and the resolved value is
 * wrapped so it can't leak through JSON, logs or string formatting.
 */
export class SecretReference {
  constructor(
    readonly configKey: string,
    readonly variable: string,
  ) {}

  /** Reads the secret now. A missing variable is an error only at this point. */
  resolve(env: Readonly<Record<string, string | undefined>>): Secret {
    const value = env[this.variable];
    if (!value) {
      throw new CoreError(
        'invalid_config',
        `${this.configKey} reads the environment variable ${this.variable}, which is not set. Set ${this.variable} before using this feature, or turn the feature off in system_config.json.`,
      );
    }
    return new Secret(value);
  }

  toJSON(): string {
    return `env:${this.variable}`;
  }
}

/** Holds a secret value; every way of printing it shows a placeholder instead. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value, for the one place that must send it (an Authorization header). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}
