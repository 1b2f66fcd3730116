import { describe, expect, it } from 'vitest';
import { householdConnectionSchema, householdUrlProblem } from '../../../shared/schemas/household';

describe('a household server address', () => {
  it('takes https anywhere and http only on this machine, as an origin', () => {
    expect(householdUrlProblem('https://arcflux.example.org')).toBeNull();
    expect(householdUrlProblem('https://arcflux.example.org:8443/')).toBeNull();
    expect(householdUrlProblem('http://127.0.0.1:47300')).toBeNull();
    expect(householdUrlProblem('http://localhost:8787/')).toBeNull();
    const parsed = householdConnectionSchema.parse({
      url: ' https://ArcFlux.example.org/ ',
      token: 'personal-token-0123456789',
    });
    expect(parsed.url).toBe('https://arcflux.example.org');
  });

  it('names what is wrong with any other address', () => {
    expect(householdUrlProblem('http://192.168.1.20:8787')).toBe('insecure_remote');
    expect(householdUrlProblem('http://arcflux.example.org')).toBe('insecure_remote');
    expect(householdUrlProblem('ftp://arcflux.example.org')).toBe('unsupported_scheme');
    expect(householdUrlProblem('arcflux.example.org')).toBe('not_a_url');
    expect(householdUrlProblem('https://me:secret@arcflux.example.org')).toBe('has_credentials');
    expect(householdUrlProblem('https://arcflux.example.org/v1/health')).toBe('has_path');
    expect(householdUrlProblem('https://arcflux.example.org/#launch=x')).toBe('has_path');
    const refused = householdConnectionSchema.safeParse({
      url: 'http://192.168.1.20:8787',
      token: 'personal-token-0123456789',
    });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['url'], message: 'insecure_remote' });
  });

  it('refuses a token with spaces or too short to be one', () => {
    for (const token of ['short', 'has spaces in it 0123456789', '']) {
      expect(
        householdConnectionSchema.safeParse({ url: 'https://a.example', token }).success,
        token,
      ).toBe(false);
    }
  });
});
