import { describe, expect, it } from 'vitest';
import {
  createTrustedSenderCheck,
  originOf,
  type FrameLike,
  type TrustedWindowLike,
} from '../../../electron/main/senderTrust';

function frame(url: string, overrides: Partial<FrameLike> = {}): FrameLike {
  return { url, parent: null, processId: 4, routingId: 1, ...overrides };
}

function windowWith(mainFrame: FrameLike, destroyed = false): TrustedWindowLike {
  return { isDestroyed: () => destroyed, webContents: { mainFrame } };
}

describe('createTrustedSenderCheck', () => {
  const mainFrame = frame('app://arcflux/index.html');
  const window = windowWith(mainFrame);
  const isTrusted = createTrustedSenderCheck(() => window, ['app://arcflux']);

  it("trusts our window's top frame on app://arcflux", () => {
    expect(isTrusted({ sender: window.webContents, senderFrame: mainFrame })).toBe(true);
  });

  it('refuses another webContents', () => {
    expect(isTrusted({ sender: {}, senderFrame: mainFrame })).toBe(false);
  });

  it('refuses a sub-frame, even on our origin', () => {
    const child = frame('app://arcflux/index.html', { parent: mainFrame, routingId: 2 });
    expect(isTrusted({ sender: window.webContents, senderFrame: child })).toBe(false);
  });

  it('refuses a top frame that navigated to another origin', () => {
    const elsewhere = frame('https://evil.example/');
    expect(isTrusted({ sender: window.webContents, senderFrame: elsewhere })).toBe(false);
    const file = frame('file:///etc/passwd');
    expect(isTrusted({ sender: window.webContents, senderFrame: file })).toBe(false);
  });

  it('refuses a look-alike host and a missing or disposed frame', () => {
    const lookAlike = frame('app://arcflux.evil/index.html');
    expect(isTrusted({ sender: window.webContents, senderFrame: lookAlike })).toBe(false);
    expect(isTrusted({ sender: window.webContents, senderFrame: null })).toBe(false);
  });

  it('refuses everything once the window is gone', () => {
    const closed = windowWith(mainFrame, true);
    const check = createTrustedSenderCheck(() => closed, ['app://arcflux']);
    expect(check({ sender: closed.webContents, senderFrame: mainFrame })).toBe(false);
    const none = createTrustedSenderCheck(() => null, ['app://arcflux']);
    expect(none({ sender: window.webContents, senderFrame: mainFrame })).toBe(false);
  });

  it('trusts the dev server only when it is listed', () => {
    const devFrame = frame('http://localhost:5173/');
    const devWindow = windowWith(devFrame);
    const production = createTrustedSenderCheck(() => devWindow, ['app://arcflux']);
    const development = createTrustedSenderCheck(
      () => devWindow,
      ['app://arcflux', 'http://localhost:5173'],
    );
    const event = { sender: devWindow.webContents, senderFrame: devFrame };
    expect(production(event)).toBe(false);
    expect(development(event)).toBe(true);
  });
});

describe('originOf', () => {
  it('keeps scheme, host and port, also for custom schemes', () => {
    expect(originOf('app://arcflux/index.html#x')).toBe('app://arcflux');
    expect(originOf('http://127.0.0.1:5173/a?b')).toBe('http://127.0.0.1:5173');
    expect(originOf('not a url')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
  });
});
