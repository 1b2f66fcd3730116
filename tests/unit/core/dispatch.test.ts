import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../../electron/core/dispatch';
import { contract } from '../../../shared/contract';

describe('createDispatch', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers an envelope and logs the defect when a schema throws on an input', async () => {
    // Stands in for a refinement that reads an odd value it did not expect.
    vi.spyOn(contract['system:health'].input, 'safeParse').mockImplementation(() => {
      throw new TypeError("Cannot destructure property 'flagScore' of 'policy' as it is null.");
    });
    const logged: string[] = [];
    let handled = 0;
    const dispatch = createDispatch(
      {
        'system:health': () => {
          handled += 1;
          throw new Error('the handler must not run on an input that was not checked');
        },
      },
      (name, error) => logged.push(`${name}: ${String(error)}`),
    );
    const answer = await dispatch('system:health', { anything: null });
    expect(answer).toEqual({
      ok: false,
      error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    });
    expect(answer.ok ? '' : answer.error.message).not.toContain('flagScore');
    expect(handled).toBe(0);
    expect(logged).toEqual([expect.stringContaining('system:health: TypeError')]);
  });
});
