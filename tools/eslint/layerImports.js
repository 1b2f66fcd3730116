// @ts-check
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The architecture's layer boundaries as one lint rule: a file may not import from a
 * folder its layer must never reach (core never imports a door, the renderer never
 * imports electron/, ...).
 *
 * Why not `no-restricted-imports` patterns: they match the specifier's text, so
 * `../main/**` catches `electron/core/x.ts` importing main but not
 * `electron/core/handlers/x.ts` importing `../../main/x`, which is the same import one
 * folder deeper. This rule resolves each relative specifier against the importing file
 * and compares repository paths, so the boundary holds at every depth and through any
 * spelling (`../core/../main/x`). Bare package names are left to `no-restricted-imports`.
 * eslint-plugin-import's `no-restricted-paths` does the same, but is not a dependency here
 * and would bring a resolver stack for one check.
 */

/** The repository root: this file lives in tools/eslint/. */
const root = resolve(import.meta.dirname, '..', '..');

/** @type {import('eslint').Rule.RuleModule} */
const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports that cross a layer boundary, at any folder depth.' },
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: { type: 'array', items: { type: 'string' }, minItems: 1 },
          message: { type: 'string' },
        },
        required: ['forbidden', 'message'],
        additionalProperties: false,
      },
    ],
    messages: { crossing: '"{{specifier}}" resolves to {{target}}. {{message}}' },
  },
  create(context) {
    const { forbidden, message } = /** @type {{ forbidden: string[]; message: string }} */ (
      context.options[0]
    );
    const from = dirname(context.filename);

    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      // Bare specifiers name packages (zod, electron, node:fs), not folders of this repo.
      if (!specifier.startsWith('.') && !isAbsolute(specifier)) return;
      const target = relative(root, resolve(from, specifier)).split(sep).join('/');
      const folder = forbidden.find((path) => target === path || target.startsWith(`${path}/`));
      if (!folder) return;
      context.report({
        node: source,
        messageId: 'crossing',
        data: { specifier, target: `${folder}/`, message },
      });
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // `import('../x').Type` in a type position and `import x = require('../x')`.
      /** @param {any} node */
      TSImportType: (node) => check(node.source ?? node.argument?.literal ?? node.argument),
      /** @param {any} node */
      TSExternalModuleReference: (node) => check(node.expression),
    };
  },
};

export default { rules: { 'layer-imports': layerImports } };
