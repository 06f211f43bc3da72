// Create Project's region picker lists what `GET /regions?org_id=…` answers for that organization
// (the document: not every region is open to every organization), Neon's default first.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { OrgRef, ProjectRef } from '../../src/tree/refs';
import { useEmulator } from './helpers/emulator';
import { removeAllAccounts, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';
import { eventually, waitFor } from './helpers/eventually';

const ACME = 'org-morning-bread-81040908';
const SIDE = 'org-ocean-art-12345678';

describe('commands-regions: Create Project asks Neon for the regions', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 20 });
  let t: Testing;
  let you: string;
  const org = (orgId: string, orgName: string): OrgRef => ({ accountId: you, orgId, orgName });

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
  });
  beforeEach(() => t.prompt.reset());
  after(() => removeAllAccounts());

  it('reads the regions while the name is typed (the region step then follows at once), and invitations the members while the addresses are', async () => {
    const since = emulator().server.log.mark();
    const sent = (route: string) => emulator().server.log.since(since).some((e) => e.route === route);
    t.prompt.script(
      { input: async () => (await waitFor(() => sent('GET /regions'), { timeout: 5000, message: 'GET /regions while the name is typed' }), 'typed-slowly') },
      { pick: 'aws-us-east-2' },
      { pick: 'Postgres 17' },
    );
    const ref = (await vscode.commands.executeCommand('neonExplorer.createProject', org(ACME, 'Acme Inc'))) as ProjectRef;
    assert.strictEqual(emulator().state.projects.get(ref.projectId)!.name, 'typed-slowly');
    assert.strictEqual(emulator().server.log.since(since).filter((e) => e.route === 'GET /regions').length, 1, 'read once');
    t.prompt.script(
      { input: async () => (await waitFor(() => sent('GET /organizations/{org_id}/invitations'), { timeout: 5000, message: 'invitations read while the addresses are typed' }), 'early@x.example') },
      { pick: 'member' },
    );
    const invited = (await vscode.commands.executeCommand('neonExplorer.inviteMembers', org(ACME, 'Acme Inc'))) as Array<{ result: string }>;
    assert.deepStrictEqual(invited.map((r) => r.result), ['invited']);
  });

  it('offers the regions Neon lists for the organization, default first; a free org sees its own list', async () => {
    t.prompt.script({ input: 'regional' }, { pick: 'azure-eastus2' }, { pick: 'Postgres 17' });
    const ref = (await vscode.commands.executeCommand('neonExplorer.createProject', org(ACME, 'Acme Inc'))) as ProjectRef;
    assert.strictEqual(emulator().state.projects.get(ref.projectId)!.regionId, 'azure-eastus2');
    const acmeRegions = t.prompt.shown.filter((x) => x.kind === 'pick')[0]!.items!;
    assert.deepStrictEqual(acmeRegions, ['aws-us-east-2', 'aws-us-east-1', 'aws-us-west-2', 'aws-eu-central-1', 'aws-ap-southeast-1', 'aws-ap-southeast-2', 'azure-eastus2']);
    assert.ok(emulator().server.log.entries.some((e) => e.route === 'GET /regions'), 'GET /regions was asked');

    t.prompt.reset();
    t.prompt.script({ input: 'x' }, { pick: undefined });
    await vscode.commands.executeCommand('neonExplorer.createProject', org(SIDE, 'Side Project')).then(undefined, () => undefined);
    const sideRegions = t.prompt.shown.filter((x) => x.kind === 'pick')[0]!.items!;
    assert.ok(!sideRegions.includes('azure-eastus2') && sideRegions[0] === 'aws-us-east-2', JSON.stringify(sideRegions));
  });

  it("a Free organization at its plan's project limit: what happened and what to do, with the Console a click away", async () => {
    t.prompt.script({ input: 'one-too-many' }, { pick: 'aws-us-east-2' }, { pick: 'Postgres 17' });
    const before = emulator().state.projects.size;
    await vscode.commands.executeCommand('neonExplorer.createProject', org(SIDE, 'Side Project'));
    const err = await eventually(() => {
      const e = t.prompt.shown.find((x) => x.kind === 'error');
      assert.ok(e);
      return e;
    });
    assert.match(err.text, /^Couldn't create the project: Side Project has as many projects as its plan allows \(Neon: "projects limit exceeded[^"]*"\)\. Delete a project there, or upgrade the plan in the Neon Console, then create it again\. Create in Another Organization… keeps the name, region and Postgres version you chose\. \(request id [0-9a-f-]+\)$/);
    assert.deepStrictEqual(err.buttons, ['Create in Another Organization…', 'Open in Neon Console', 'Show Log']);
    assert.strictEqual(emulator().state.projects.size, before);
  });
});
