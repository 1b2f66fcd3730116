import { describe, expect, it } from 'vitest';
import { createAddressCheck } from '../../../electron/server/addressCheck';

describe('createAddressCheck', () => {
  it('on loopback, takes the loopback names with the port and nothing else', () => {
    const check = createAddressCheck('127.0.0.1', 4780);
    for (const host of ['127.0.0.1:4780', 'localhost:4780', 'LOCALHOST:4780', '[::1]:4780']) {
      expect(check({ host }), host).toBeNull();
    }
    for (const host of [
      'rebind.example:4780',
      '127.0.0.1:4781',
      '127.0.0.1',
      'user@127.0.0.1:4780',
      '127.0.0.1:4780/x',
      '192.168.1.5:4780',
    ]) {
      expect(check({ host })?.reason, host).toBe('host_not_allowed');
    }
  });

  it('takes the configured host as well, and any IP address when bound to all of them', () => {
    const named = createAddressCheck('arcflux.lan', 80);
    expect(named({ host: 'arcflux.lan' })).toBeNull();
    expect(named({ host: 'arcflux.lan:80' })).toBeNull();
    expect(named({ host: 'other.lan' })?.reason).toBe('host_not_allowed');
    const everywhere = createAddressCheck('0.0.0.0', 4780);
    expect(everywhere({ host: '192.168.1.5:4780' })).toBeNull();
    expect(everywhere({ host: '[fe80::1]:4780' })).toBeNull();
    // A DNS name is what rebinding needs, so names stay refused.
    expect(everywhere({ host: 'rebind.example:4780' })?.reason).toBe('host_not_allowed');
  });

  it('refuses a page from another origin, and lets requests without one through', () => {
    const check = createAddressCheck('127.0.0.1', 4780);
    expect(check({ host: '127.0.0.1:4780' })).toBeNull();
    expect(check({ host: '127.0.0.1:4780', origin: 'http://localhost:4780' })).toBeNull();
    for (const origin of [
      'http://rebind.example:4780',
      'https://127.0.0.1:4780',
      'http://127.0.0.1:9999',
      'null',
      'file://',
    ]) {
      expect(check({ host: '127.0.0.1:4780', origin }), origin).toMatchObject({
        code: 'forbidden',
        reason: 'origin_not_allowed',
      });
    }
  });
});
