import { describe, expect, it } from 'vitest';
import { ContactDirectory } from '../../../../electron/core/intent/contacts';
import { TokenStream } from '../../../../electron/core/intent/text';
import { demoUsers } from '../../../support/intentCorpus';

const users = demoUsers();
const directory = ContactDirectory.fromUsers(users, 'user1')!;
const mentions = (text: string) =>
  directory.takeMentions(new TokenStream(text)).map(({ text: said, userIds, direct }) => ({
    said,
    userIds,
    direct,
  }));

describe('ContactDirectory', () => {
  it('excludes the acting user and knows nobody for an unknown acting user', () => {
    expect(directory.contacts.map((user) => user.id)).not.toContain('user1');
    expect(ContactDirectory.fromUsers(users, 'nobody')).toBeUndefined();
  });

  it('finds contacts by name, id, spoken id and nickname, ignoring case and apostrophes', () => {
    expect(mentions('pay Carol’s Bakery')[0]).toMatchObject({ userIds: ['user5'] });
    expect(mentions('pay CAROLS BAKERY')[0]).toMatchObject({ userIds: ['user5'] });
    expect(mentions('pay user 2')[0]).toMatchObject({ said: 'user 2', userIds: ['user2'] });
    expect(mentions('pay user two')[0]).toMatchObject({ userIds: ['user2'] });
    expect(mentions('pay my landlord')[0]).toMatchObject({
      said: 'my landlord',
      userIds: ['user3'],
    });
    expect(mentions("pay bob's rent")[0]).toMatchObject({ said: "bob's", userIds: ['user4'] });
  });

  it('prefers the longest name, so a shared first name is only ambiguous alone', () => {
    expect(mentions('pay alex kim')).toEqual([
      { said: 'alex kim', userIds: ['user6'], direct: true },
    ]);
    expect(mentions('pay alex')).toEqual([
      { said: 'alex', userIds: ['user6', 'user7'], direct: true },
    ]);
  });

  it('never reads number words as the contact "User Two"', () => {
    expect(mentions('pay bob two hundred')).toEqual([
      { said: 'bob', userIds: ['user4'], direct: true },
    ]);
  });

  it('keeps unknown ids as a mention of nobody', () => {
    expect(mentions('pay user 9 20')).toEqual([{ said: 'user 9', userIds: [], direct: true }]);
  });

  it('marks the payee: right after "to" or a pay verb, and names joined to it by "and"', () => {
    expect(mentions('pay alice 20 for the bakery order')).toEqual([
      { said: 'alice', userIds: ['user3'], direct: true },
      { said: 'the bakery', userIds: ['user5'], direct: false },
    ]);
    expect(mentions('give alice and bob 20').every((mention) => mention.direct)).toBe(true);
  });
});
