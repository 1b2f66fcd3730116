#!/usr/bin/env node
// The `arcflux` command. It runs the TypeScript sources through tsx's loader so that
// `npm run cli` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
