// Language-model tools for Copilot's agent mode, through Neon Explorer's own accounts and client:
// list organizations, projects and branches; create a branch; save a connection to .env (VS Code
// asks the person to confirm each write first, from prepareInvocation; the .env write then runs
// the Save Connection command itself, with its trust and git checks). Results carry names and ids
// only: never a key, a password or a connection string.
import * as vscode from 'vscode';
import { isNeonApiError } from '../api';
import { CommandIds } from '../commands/ids';
import { listAccountOrgs } from '../commands/pickers';
import { createOrFind, findMadeBranch } from '../commands/lostAnswer';
import { branchPlaceOf, branchRefOf, cannotLogIn, type BranchRef, type RoleRef } from '../tree/refs';
import type { Account, Services } from '../services';
import { createBranchConfirmation, saveConnectionConfirmation } from './confirmations';
import { type CreateBranchInput, type ListBranchesInput, type ListProjectsInput, type SaveConnectionInput } from './names';
import { isDefaultBranch } from '../util/defaultBranch';
import { registerSecret } from '../util/redact';

const MAX_PROJECTS = 500;

function result(value: unknown): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(value, null, 2))]);
}

function accounts(s: Services): readonly Account[] {
  const list = s.accounts.list();
  if (list.length === 0) throw new Error(vscode.l10n.t('No Neon account is added in Neon Explorer. Ask the person to run "Neon: Add Neon API Key…" first.'));
  return list;
}

async function organizations(s: Services): Promise<{ account: string; organizationId: string; name: string; accountId: string }[]> {
  const out: { account: string; organizationId: string; name: string; accountId: string }[] = [];
  for (const a of accounts(s)) {
    for (const o of await listAccountOrgs(s, a)) out.push({ account: a.label, organizationId: o.id, name: o.name, accountId: a.id });
  }
  return out;
}

/** The account that can see `projectId` (a 404 or 403 from one account means: try the next). */
async function findProject(s: Services, projectId: string): Promise<{ accountId: string; name: string; orgId?: string }> {
  for (const a of accounts(s)) {
    const client = await s.clients.get(a.id);
    try {
      const p = await client.getProject(projectId);
      return p.org_id ? { accountId: a.id, name: p.name, orgId: p.org_id } : { accountId: a.id, name: p.name };
    } catch (e) {
      if (!(isNeonApiError(e) && (e.status === 404 || e.status === 403))) throw e;
    }
  }
  throw new Error(vscode.l10n.t('No account in Neon Explorer can see project {0}. List the projects first to get a valid id.', projectId));
}

/** The tools' code (dist/rarelyUsed.js); src/lm/register.ts registers them at activation. */
export function createTools(s: Services) {
  const listOrganizations: vscode.LanguageModelTool<Record<string, never>> = {
    async invoke() {
      return result((await organizations(s)).map(({ account, organizationId, name }) => ({ account, organizationId, name })));
    },
  };

  const listProjects: vscode.LanguageModelTool<ListProjectsInput> = {
    async invoke(options) {
      const orgs = (await organizations(s)).filter((o) => !options.input.organizationId || o.organizationId === options.input.organizationId);
      if (options.input.organizationId && orgs.length === 0) throw new Error(vscode.l10n.t('No account in Neon Explorer belongs to organization {0}.', options.input.organizationId));
      const projects: { projectId: string; name: string; region: string; organizationId: string }[] = [];
      for (const o of orgs) {
        if (projects.length >= MAX_PROJECTS) break;
        const client = await s.clients.get(o.accountId);
        for (const p of await client.listProjects({ orgId: o.organizationId })) projects.push({ projectId: p.id, name: p.name, region: p.region_id, organizationId: o.organizationId });
      }
      return result({ projects: projects.slice(0, MAX_PROJECTS), truncated: projects.length > MAX_PROJECTS });
    },
  };

  const listBranches: vscode.LanguageModelTool<ListBranchesInput> = {
    async invoke(options) {
      const { accountId } = await findProject(s, options.input.projectId);
      const client = await s.clients.get(accountId);
      const branches = await client.listBranches(options.input.projectId);
      return result(branches.map((b) => ({ branchId: b.id, name: b.name, default: !!b.default, parentBranchId: b.parent_id ?? null })));
    },
  };

  const createBranch: vscode.LanguageModelTool<CreateBranchInput> = {
    prepareInvocation: (options) => createBranchConfirmation(options.input),
    async invoke(options) {
      const { projectId, name, parentBranchId } = options.input;
      if (!name?.trim()) throw new Error(vscode.l10n.t('Give the branch a name.'));
      const { accountId, name: projectName } = await findProject(s, projectId);
      const client = await s.clients.get(accountId);
      // Listed first so that a branch Neon made although its answer was lost can be told from one that was there.
      const before = new Set((await client.listBranches(projectId)).map((b) => b.id));
      const sentAt = Date.now();
      const created = await createOrFind(
        () => client.createBranch(projectId, { name: name.trim(), ...(parentBranchId ? { parentId: parentBranchId } : {}) }),
        () => findMadeBranch(client, projectId, { name: name.trim(), parentId: parentBranchId ?? '', sentAt }, before),
        (made, lost) => s.log.warn(`Agent tool: the answer to creating branch ${made.branch.name} was lost (${lost.message}); Neon made it: ${made.branch.id}`),
      );
      // A create may carry connection details: none of them may reach a log, or the chat.
      for (const c of created.connection_uris ?? []) {
        registerSecret(c.connection_uri);
        registerSecret(c.connection_parameters?.password);
      }
      for (const role of created.roles ?? []) registerSecret(role.password ?? undefined);
      await client.waitForOperations(projectId, created.operations ?? []);
      s.log.info(`Agent tool: created branch ${created.branch.name} in ${projectName}`);
      s.tree.refresh();
      return result({ branchId: created.branch.id, name: created.branch.name, parentBranchId: created.branch.parent_id ?? null, project: projectName });
    },
  };

  const saveConnectionToEnv: vscode.LanguageModelTool<SaveConnectionInput> = {
    prepareInvocation: (options) => saveConnectionConfirmation(options.input),
    async invoke(options) {
      const { projectId, branchId, roleName } = options.input;
      const project = await findProject(s, projectId);
      const client = await s.clients.get(project.accountId);
      const branch = branchId ? await client.getBranch(projectId, branchId) : (await client.listBranches(projectId)).find(isDefaultBranch);
      if (!branch) throw new Error(vscode.l10n.t('Project {0} has no default branch; give a branchId from the branch listing tool.', project.name));
      const ref = branchRefOf({ accountId: project.accountId, ...(project.orgId ? { orgId: project.orgId } : {}), projectId, projectName: project.name }, branch);
      let target: BranchRef | RoleRef = ref;
      if (roleName) {
        const role = (await client.listRoles(projectId, branch.id)).find((r) => r.name === roleName);
        if (!role) throw new Error(vscode.l10n.t('Branch {0} of {1} has no role {2}.', branch.name, project.name, roleName));
        // A role that cannot log in travels as such: the command refuses it in its own sentence.
        target = { ...branchPlaceOf(ref), roleName, isProtected: !!role.protected, ...(cannotLogIn(role) ? { noLogin: true } : {}) };
      }
      // The command itself: the same questions, Restricted Mode guard, git check and failure sentences.
      const outcome = await vscode.commands.executeCommand<'written' | 'copied' | 'cancelled' | undefined>(CommandIds.saveConnectionToEnv, target);
      return result({ outcome: outcome ?? vscode.l10n.t('failed (Neon Explorer showed the person why)'), project: project.name, branch: branch.name, ...(roleName ? { role: roleName } : {}) });
    },
  };

  return { listOrganizations, listProjects, listBranches, createBranch, saveConnectionToEnv };
}
