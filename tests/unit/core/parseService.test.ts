import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../../electron/core/dispatch';
import { parseHandlers } from '../../../electron/core/handlers/intents';
import { openDemoIntentSource } from '../../../electron/core/intent/demoSource';
import { tooLong } from '../../../electron/core/intent/parseIntent';
import { parseRequest } from '../../../electron/core/intent/service';
import { openDemoParseService } from '../../../electron/core/parseService';
import { MAX_UNDERSTAND_TEXT } from '../../../shared/contract/intents';
import { CORPUS_NOW, CORPUS_TIMEZONE } from '../../support/intentCorpus';

const said = { now: CORPUS_NOW, timezone: CORPUS_TIMEZONE, engine: 'rules' as const };

/** What `arcflux parse` runs without --data: `intents:parse` on a dispatch over the demo seed. */
describe('the parse service over the demo seed', () => {
  it('answers what the core’s intents:parse handler answers', async () => {
    const service = await openDemoParseService();
    const source = await openDemoIntentSource();
    for (const text of ['pay bob 20 tomorrow', 'Pay User Two 120 USDC every Friday', 'yes', '']) {
      expect(await service.intentOf({ ...said, text })).toEqual(
        (await parseRequest(source, { ...said, text })).intent,
      );
    }
  });

  it('checks its input against the contract like every door, and says which field', async () => {
    const service = await openDemoParseService();
    await expect(
      service.intentOf({ ...said, text: 'pay bob 20', timezone: 'Nowhere/Town' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('timezone'),
    });
    await expect(
      service.intentOf({ ...said, text: 'pay bob 20', userId: 'user42' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('user1, user2'),
    });
  });

  it('gives a command longer than the contract allows the parser’s own unknown intent', async () => {
    const service = await openDemoParseService();
    const text = 'x'.repeat(MAX_UNDERSTAND_TEXT + 1);
    expect(await service.intentOf({ ...said, text })).toEqual(tooLong(text.length));
  });

  it('refuses the llm engine before any command when no model can run, and names why', async () => {
    const service = await openDemoParseService();
    const reason = service.checkEngine('auto');
    expect(reason).toEqual(expect.any(String));
    expect(service.checkEngine('rules')).toBe(reason);
    expect(() => service.checkEngine('llm')).toThrow(
      expect.objectContaining({ code: 'unavailable', message: expect.stringContaining(reason!) }),
    );
  });

  it('serves intents:parse only; any other method is not_found', async () => {
    const dispatch = createDispatch(parseHandlers(await openDemoIntentSource()), () => undefined);
    expect(await dispatch('payments:list', {})).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'Unknown method "payments:list". Known methods: intents:parse.',
      },
    });
  });
});
