import * as rruleModule from 'rrule';

type RruleLibrary = typeof rruleModule;

// rrule 2.8 points Node at a UMD bundle ("main") and bundlers at its ES build ("module").
// Node's ESM loader (tsx, the CLI, vitest's externalised deps) then sees only a default
// export holding the library, while a bundler sees named exports. Accept either.
const library: RruleLibrary =
  'RRule' in rruleModule && typeof rruleModule.RRule === 'function'
    ? rruleModule
    : (rruleModule as unknown as { default: RruleLibrary }).default;

/** The RFC 5545 recurrence engine. Import it from here, never from 'rrule' directly. */
export const RRule = library.RRule;
export type { Options as RruleOptions } from 'rrule';
