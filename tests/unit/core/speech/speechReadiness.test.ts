import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../electron/core/createCore';
import { seededDataFolder } from '../../../support/dataFolder';
import { recordingSpeechDouble } from '../../../support/speechDoubles';

let folder: ReturnType<typeof seededDataFolder>;
let core: Core | undefined;

beforeEach(() => {
  folder = seededDataFolder();
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  folder.remove();
});

async function speechState(withDouble: boolean) {
  core = await openCore({
    dataDir: folder.path,
    owner: 'a speech readiness test',
    log: () => undefined,
    ...(withDouble ? { speech: recordingSpeechDouble('pay user two 5 usdc') } : {}),
  });
  const result = await core.invoke('models:list', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.data.engines.find((engine) => engine.task === 'speech-to-text');
}

describe('models:list says whether voice input can work, before anyone records', () => {
  it('a fresh install has no speech model: missing', async () => {
    expect(await speechState(false)).toMatchObject({ state: 'missing' });
  });

  it('a speech double standing in for the model (the voice e2e server) is ready', async () => {
    expect(await speechState(true)).toMatchObject({ state: 'ready' });
  });
});
