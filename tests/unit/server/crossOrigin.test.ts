import { describe, expect, it } from 'vitest';
import { parseCommandArguments } from '../../../electron/cli/arguments';
import { serveArgumentsSchema, serveOptions } from '../../../electron/cli/commands/serve';

const parse = (argv: string[]) =>
  parseCommandArguments('serve', argv, serveOptions, serveArgumentsSchema).values;

describe('serve --allow-origin', () => {
  it('takes origins, as often as given', () => {
    expect(
      parse([
        '--allow-origin',
        'http://127.0.0.1:8788',
        '--allow-origin',
        'https://arcflux.example.org/',
      ])['allow-origin'],
    ).toEqual(['http://127.0.0.1:8788', 'https://arcflux.example.org']);
  });

  it('refuses anything a browser would never send as an Origin, saying what to write', () => {
    for (const bad of [
      '127.0.0.1:8788',
      'https://arcflux.example.org/app',
      'ftp://a.example',
      '*',
    ]) {
      expect(() => parse(['--allow-origin', bad]), bad).toThrow(
        /--allow-origin.*must be an origin/,
      );
    }
  });
});
