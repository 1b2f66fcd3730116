import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArcfluxDesktopApi } from '../../../renderer/src/arcflux';
import { CircleKeyField } from '../../../renderer/src/components/settings/CircleKeyField';

afterEach(cleanup);

describe('Circle API key entry (desktop app)', () => {
  it('stores a key write-only and asks before accepting weak protection', async () => {
    const saved: [string, boolean][] = [];
    let stored = false;
    const desktop: ArcfluxDesktopApi = {
      circleKeyStatus: async () => ({
        ok: true,
        data: { stored, weakProtection: true, unavailable: null },
      }),
      householdConnection: async () => ({ ok: true, data: { connection: null, kept: null } }),
      saveHouseholdConnection: async () => ({
        ok: false,
        error: { code: 'internal', message: 'unused' },
      }),
      clearHouseholdConnection: async () => ({ ok: true, data: { connection: null, kept: null } }),
      saveCircleKey: async (key, accept) => {
        saved.push([key, accept]);
        if (!accept) {
          return {
            ok: false,
            error: { code: 'forbidden', message: 'This Linux desktop has no keyring.' },
          };
        }
        stored = true;
        return { ok: true, data: { stored, weakProtection: true, unavailable: null } };
      },
      clearCircleKey: async () => ({
        ok: true,
        data: { stored: false, weakProtection: true, unavailable: null },
      }),
      pushToTalkShortcut: async () => ({ ok: true, data: { accelerator: 'Alt+Space' } }),
      setPushToTalkShortcut: async (accelerator) => ({ ok: true, data: { accelerator } }),
      onPushToTalk: () => () => undefined,
    };
    const user = userEvent.setup();
    render(<CircleKeyField desktop={desktop} />);
    await screen.findByText('No key is stored.');
    const field = screen.getByLabelText('Circle API key');
    expect(field.getAttribute('type')).toBe('password');

    await user.type(field, 'sk_live_abcdef');
    await user.click(screen.getByRole('button', { name: 'Store key' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This Linux desktop has no keyring.',
    );
    expect((field as HTMLInputElement).value).toBe('');

    await user.click(screen.getByRole('checkbox', { name: /Store it without a keyring/ }));
    await user.type(field, 'sk_live_abcdef');
    await user.click(screen.getByRole('button', { name: 'Store key' }));
    await screen.findByText('A key is stored. Enter a new one to replace it.');
    expect(saved).toEqual([
      ['sk_live_abcdef', false],
      ['sk_live_abcdef', true],
    ]);
    expect(document.body.textContent).not.toContain('sk_live');
  });
});
