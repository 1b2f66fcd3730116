import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/**
 * Lints one planted file through the repository's own eslint.config.js. The file never
 * exists on disk: `lintText` with a `filePath` picks the config blocks that path would get,
 * so each case sits two or more folders below its layer's root, where the old specifier
 * patterns stopped seeing the import.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary errors lint gives `code` saved at `path`, from whichever rule found them. */
async function crossings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? [])
    .filter((message) => boundaryRules.has(message.ruleId ?? ''))
    .map((message) => message.message);
}
const boundaryRules = new Set(['arcflux/layer-imports', 'no-restricted-imports']);

// The first lint loads the config and the TypeScript parser: 5.7 s once on a loaded machine,
// past the default 5 s, so the cases get room for it.
describe('layer boundaries hold at any folder depth', { timeout: 60_000 }, () => {
  it.each([
    [
      'core importing the Electron door',
      'electron/core/handlers/planted/deep.ts',
      "import { registerIpc } from '../../../main/ipc';\nexport const x = registerIpc;\n",
      'electron/main/',
    ],
    [
      'core re-exporting the REST door',
      'electron/core/intent/schedule/planted/deep.ts',
      "export * from '../../../../server/server';\n",
      'electron/server/',
    ],
    [
      'core importing the CLI through a detour',
      'electron/core/handlers/planted/deep.ts',
      "import { callCore } from '../../../core/../cli/session';\nexport const x = callCore;\n",
      'electron/cli/',
    ],
    [
      'core loading the renderer lazily',
      'electron/core/handlers/planted/deep.ts',
      "export const load = () => import('../../../../renderer/src/client');\n",
      'renderer/',
    ],
    [
      'the contract importing the renderer',
      'shared/contract/planted/deep.ts',
      "import { store } from '../../../renderer/src/store';\nexport const x = store;\n",
      'renderer/',
    ],
    [
      'the contract importing a type from the preload',
      'shared/contract/planted/deep.ts',
      "import type { DesktopApi } from '../../../electron/preload/desktopApi';\nexport type X = DesktopApi;\n",
      'electron/',
    ],
    [
      'the renderer importing the preload, types only',
      'renderer/src/components/settings/planted/Deep.tsx',
      "import type { ArcfluxApi } from '../../../../../electron/preload/api';\nexport type X = ArcfluxApi;\n",
      'electron/',
    ],
    [
      'a door assembling its own parser from core internals',
      'electron/cli/commands/planted/deep.ts',
      "import { tooLong } from '../../../core/intent/parseIntent';\nexport const x = tooLong;\n",
      'electron/core/intent/',
    ],
  ])('refuses %s', async (_case, path, code, target) => {
    const found = await crossings(path, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`resolves to ${target}`);
  });

  it('lets core and the renderer import the contract, core its own folders, and doors its entry points', async () => {
    expect(
      await crossings(
        'electron/cli/commands/planted/deep.ts',
        "import { openDemoParseService } from '../../../core/parseService';\nexport const x = openDemoParseService;\n",
      ),
    ).toEqual([]);
    expect(
      await crossings(
        'electron/core/handlers/planted/deep.ts',
        "import { contract } from '../../../../shared/contract';\nimport { parseRequest } from '../../intent/service';\nexport const x = [contract, parseRequest];\n",
      ),
    ).toEqual([]);
    expect(
      await crossings(
        'renderer/src/components/settings/planted/Deep.tsx',
        "import { contract } from '../../../../../shared/contract';\nexport const x = contract;\n",
      ),
    ).toEqual([]);
  });
});
