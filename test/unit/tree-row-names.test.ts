// How a log line names a row (src/tree/rowNames.ts): by the names a person sees.
import * as assert from 'assert';
import { rowNames } from '../../src/tree/rowNames';

describe('commands: the row a log line names', () => {
  const account = { id: 'acct/0d1e', accountId: '0d1e', account: { label: 'Work' } };
  const org = { id: 'acct/0d1e/org/org-quiet-1', accountId: '0d1e', account: account.account, orgId: 'org-quiet-1', orgName: 'Acme Inc', parent: account };
  const branch = { accountId: '0d1e', orgId: 'org-quiet-1', projectId: 'p-1', projectName: 'acme-api', branchId: 'br-1', branchName: 'main' };

  it('a role, a database, a branch: project › branch › name, without the org or any id', () => {
    assert.strictEqual(rowNames({ ...branch, roleName: 'app_user' }), 'acme-api › main › app_user');
    assert.strictEqual(rowNames({ ...branch, databaseName: 'neondb', ownerName: 'app_user' }), 'acme-api › main › neondb');
    assert.strictEqual(rowNames(branch), 'acme-api › main');
  });

  it('an org and what belongs to it keep the org name; an account is named by its label', () => {
    assert.strictEqual(rowNames(org), 'Acme Inc');
    assert.strictEqual(rowNames({ ...org, memberId: 'm1', email: 'ana@example.com', role: 'admin' }), 'Acme Inc › ana@example.com');
    assert.strictEqual(rowNames({ ...org, keyId: 7, keyName: 'ci' }), 'Acme Inc › ci');
    assert.strictEqual(rowNames(account), 'Work');
  });

  it('a row with no names (a stopped load, Load more) is its parent and its kind', () => {
    assert.strictEqual(rowNames({ id: `${org.id}/stopped`, accountId: '0d1e', parent: org }), 'Acme Inc › stopped');
  });

  it('no row (the palette, a string argument): nothing', () => {
    assert.strictEqual(rowNames(undefined), undefined);
    assert.strictEqual(rowNames('/some/folder'), undefined);
    assert.strictEqual(rowNames({ projectName: 'x' }), undefined, 'not a row of an account');
  });
});
