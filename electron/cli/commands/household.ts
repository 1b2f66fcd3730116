import { z } from 'zod';
import { householdRoleSchema } from '../../../shared/schemas/user';
import { parseCommandArguments, usageError } from '../arguments';
import { renderTable } from '../table';
import { withCore } from '../session';

export const householdHelp = `arcflux household <list|role|token> [--user ID] [--role owner|member|viewer] [--revoke] [--data DIR] [--json]
  People and roles of a household server. "list" shows each person's role and token count;
  "role --user ID --role ROLE" sets a role (owner, member or viewer); "token --user ID"
  issues a personal token and prints it once (only its hash is kept; give it to that
  person for "Connect to a household server"); "token --user ID --revoke" revokes all of
  that person's tokens. Stop \`arcflux serve\` on the same data folder first; on the
  PostgreSQL store, give it a data folder of its own instead: tokens and roles go to the
  database, and the running servers take them up at once.`;

const argumentsSchema = z.object({
  data: z.string().optional(),
  config: z.string().optional(),
  help: z.boolean().optional(),
  json: z.boolean().default(false),
  user: z.string().min(1).optional(),
  role: householdRoleSchema.optional(),
  revoke: z.boolean().default(false),
});

export async function householdCommand(argv: readonly string[], print: (text: string) => void) {
  const { values, positionals } = parseCommandArguments(
    'household',
    argv,
    {
      json: { type: 'boolean' },
      user: { type: 'string' },
      role: { type: 'string' },
      revoke: { type: 'boolean' },
    },
    argumentsSchema,
  );
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== 'list' && action !== 'role' && action !== 'token')) {
    throw usageError('household', 'give one of list, role or token');
  }
  if (action !== 'list' && values.user === undefined) {
    throw usageError('household', `"${action}" needs --user ID (run "arcflux household list")`);
  }
  if (action === 'role' && values.role === undefined) {
    throw usageError('household', '"role" needs --role owner, member or viewer');
  }
  const userId = values.user ?? '';
  return withCore(values, async (core) => {
    const { household } = core;
    if (action === 'role' && values.role !== undefined) {
      await household.setRole(userId, values.role);
      print(
        values.json
          ? JSON.stringify({ userId, role: values.role })
          : `${userId} is now a household ${values.role}.`,
      );
    } else if (action === 'token' && values.revoke) {
      const revoked = await household.revokeTokens(userId);
      print(
        values.json
          ? JSON.stringify({ userId, revoked })
          : `Revoked ${revoked} personal token(s) of ${userId}; they no longer sign in.`,
      );
    } else if (action === 'token') {
      const { token, tokenId } = await household.issueToken(userId);
      print(
        values.json
          ? JSON.stringify({ userId, tokenId, token })
          : `Personal token for ${userId} (${tokenId}), shown this once; only its hash is kept:\n${token}`,
      );
    } else {
      const people = household.people();
      print(
        values.json
          ? JSON.stringify(people, null, 2)
          : renderTable(
              ['User', 'Name', 'Role', 'Tokens'],
              people.map((person) => [
                person.userId,
                person.name,
                person.role,
                String(person.tokens),
              ]),
            ),
      );
    }
    return 0;
  });
}
