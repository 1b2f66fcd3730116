import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  contract,
  defineSection,
  matchRestRoute,
  mergeSections,
  METHOD_NAMES,
  queryToInput,
  toRestRequest,
} from '../../../shared/contract';

describe('contract', () => {
  it('names every method domain:verb with a /v1 route', () => {
    for (const name of METHOD_NAMES) {
      expect(name).toMatch(/^[a-z]+:[a-z]+$/);
      expect(contract[name].rest.path.startsWith('/v1/')).toBe(true);
    }
  });

  it('refuses a method defined twice', () => {
    const method = {
      description: 'x',
      input: z.object({}),
      output: z.null(),
      rest: { method: 'GET', path: '/v1/a' },
    } as const;
    expect(() =>
      mergeSections(
        defineSection({ 'a:b': method }),
        defineSection({ 'a:b': { ...method, rest: { method: 'GET', path: '/v1/b' } } }),
      ),
    ).toThrow('contract method "a:b" is defined twice');
  });

  it('refuses two methods on one REST route', () => {
    const method = {
      description: 'x',
      input: z.object({}),
      output: z.null(),
      rest: { method: 'GET', path: '/v1/a' },
    } as const;
    expect(() => mergeSections(defineSection({ 'a:b': method, 'a:c': method }))).toThrow(
      'REST route "GET /v1/a" is claimed by "a:b" and "a:c"',
    );
  });

  it('maps calls to HTTP requests and back', () => {
    const request = toRestRequest('payments:get', { id: 'pay_1' });
    expect(request).toEqual({ method: 'GET', url: '/v1/payments/pay_1', body: undefined });
    expect(matchRestRoute('GET', '/v1/payments/pay_1')).toEqual({
      name: 'payments:get',
      params: { id: 'pay_1' },
    });
    expect(matchRestRoute('POST', '/v1/payments/pay_1')).toBeUndefined();

    const list = toRestRequest('payments:list', { status: ['executed', 'failed'], q: 'rent' });
    expect(list.url).toBe('/v1/payments?status=executed&status=failed&q=rent');
    const query = queryToInput(new URL(`http://x${list.url}`).searchParams);
    expect(contract['payments:list'].input.parse(query)).toMatchObject({
      status: ['executed', 'failed'],
      q: 'rent',
      limit: 50,
    });

    expect(toRestRequest('settings:update', { timezone: 'Europe/Paris' })).toEqual({
      method: 'PATCH',
      url: '/v1/settings',
      body: { timezone: 'Europe/Paris' },
    });
  });
});
