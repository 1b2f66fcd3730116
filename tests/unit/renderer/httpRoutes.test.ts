import { describe, expect, it } from 'vitest';
import { planRequest } from '../../../renderer/src/bridge/httpRoutes';

describe('planRequest', () => {
  it('sends GET input as a query string, arrays as repeated keys', () => {
    expect(
      planRequest('payments:list', { status: ['scheduled', 'failed'], q: 'rent & co', limit: 5 }),
    ).toEqual({
      method: 'GET',
      url: '/v1/payments?status=scheduled&status=failed&q=rent+%26+co&limit=5',
    });
  });

  it('leaves out undefined fields and sends a bare path for empty input', () => {
    expect(planRequest('balance:get', { userId: undefined })).toEqual({
      method: 'GET',
      url: '/v1/balance',
    });
    expect(planRequest('users:list', {})).toEqual({ method: 'GET', url: '/v1/users' });
  });

  it('fills path parameters from the input and removes them from the query', () => {
    expect(planRequest('payments:get', { id: 'pay/1 x' })).toEqual({
      method: 'GET',
      url: '/v1/payments/pay%2F1%20x',
    });
  });

  it('refuses to send when a path parameter is missing', () => {
    expect(planRequest('payments:get', {})).toEqual({
      problem: '"id" is required for payments:get. Add it and try again.',
    });
  });

  it('sends PATCH and POST input as a JSON body', () => {
    expect(planRequest('settings:update', { timezone: 'Europe/Paris' })).toEqual({
      method: 'PATCH',
      url: '/v1/settings',
      body: '{"timezone":"Europe/Paris"}',
    });
    expect(planRequest('system:validate', {})).toEqual({
      method: 'POST',
      url: '/v1/system/validate',
      body: '{}',
    });
  });
});
