// Organization API keys: create (optionally scoped to one project) and revoke. The new token is
// registered as a secret at once, never logged, never put in a message's text: the shared secret
// dialog offers to save it to a .env file or copy it; closing it asks once more, then it is gone.
import * as vscode from 'vscode';
import { isLostAnswer, isNeonApiError } from '../api';
import type { Account, Services } from '../services';
import { isOrgApiKeyRef, type OrgApiKeyRef, type OrgRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { runSteps } from '../ui/steps';
import { registerSecret } from '../util/redact';
import { freeSecretName, secretNameProblem } from '../env/target';
import { confirmDestructive } from './confirm';
import { OTHER_NAME, REPLACE } from './saveConnection';
import { saveSecretsToEnv, type SaveOptions } from './envTarget';
import { CommandIds } from './ids';
import { requireAdmin } from './membership';
import { freeName, keyNameProblem, MAX_KEY_NAME } from './orgLogic';
import { listOrgProjects, required, resolveOrg, stepTitle } from './pickers';
import { sayCopied, sayNotSaved } from './offerConnection';
import { askSecretDestination } from './secretDialog';
import { envKeysNeonAccepts, sayEnvHoldsRefusedKey } from './revokedKeyInEnv';
import type { CommandSpec } from './registry';

export interface CreatedKeyInfo {
  id: number;
  name: string;
  projectId?: string;
  copied: boolean;
  savedToEnv: boolean;
}

/**
 * Before a new key replaces another in the file: Neon shows a key once, so the one there may be
 * saved nowhere else. Replace, or write the new key under another name.
 */
function keyReview(s: Services, keyName: string): NonNullable<SaveOptions['review']> {
  return async (current, entries) => {
    const [variable, token] = Object.entries(entries)[0]!;
    const there = current.get(variable);
    if (!there || there === token) return entries;
    const choice = await s.prompt.message(
      'warning',
      vscode.l10n.t('{0} in the file already holds another API key. Replace it?', variable),
      { modal: true, detail: vscode.l10n.t('Neon shows a key only once: unless the key in {0} is saved somewhere else, Replace loses it (it stays valid in Neon until it is revoked). Another variable name keeps it.', variable) },
      REPLACE,
      OTHER_NAME,
    );
    if (choice === REPLACE) return entries;
    if (choice !== OTHER_NAME) return undefined;
    const name = await s.prompt.input({
      title: vscode.l10n.t('Variable for the API key {0}', keyName),
      prompt: vscode.l10n.t('{0} is left as it is.', variable),
      value: freeSecretName(variable, keyName, current),
      validateInput: (v) => secretNameProblem(v, current, token),
    });
    if (name === undefined) return undefined;
    const problem = secretNameProblem(name, current, token);
    if (problem) throw new Error(problem);
    return { [name.trim()]: token };
  };
}

/** The name a new key is saved under (`neonExplorer.env.variableNames.apiKey`; blank: NEON_API_KEY). */
function configuredApiKeyName(): string {
  const v = (vscode.workspace.getConfiguration('neonExplorer').get<Record<string, unknown>>('env.variableNames') ?? {}).apiKey;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : 'NEON_API_KEY';
}

export async function createOrgApiKey(s: Services, arg?: unknown): Promise<CreatedKeyInfo | undefined> {
  const org: OrgRef = await resolveOrg(s, arg, vscode.l10n.t('Create Organization API Key'), { personalOnly: true, adminOnly: vscode.l10n.t('create organization API keys') });
  const account = s.accounts.get(org.accountId);
  if (account && account.kind !== 'personal') {
    throw new Error(vscode.l10n.t('Organization API keys cannot create organization API keys. Use an account added with a personal API key of an organization admin'));
  }
  // Checked before the keys are read: a member may not list them.
  await requireAdmin(s, org, vscode.l10n.t('create organization API keys'));
  const client = await s.clients.get(org.accountId);
  // The suggestion is a name no key of the org has yet.
  // Undefined when they could not be read: then a key whose answer was lost is not looked for (below).
  const listed = await client.listOrgApiKeys(org.orgId).catch(() => undefined);
  const existing = listed ?? [];
  let name = '';
  let scope: PickItem<string | undefined> | undefined;
  // The projects are read once (not again when Back returns to the name).
  let scopeItems: Promise<PickItem<string | undefined>[]> | undefined;
  await runSteps([
    async (back) => {
      name = required(
        await s.prompt.input({
          title: stepTitle(vscode.l10n.t('New API key for {0}', org.orgName), 1, 2),
          prompt: vscode.l10n.t('A name to recognize the key by (at most {0} characters)', MAX_KEY_NAME),
          placeHolder: freeName('ci-deploy', existing.map((k) => k.name)),
          value: name,
          back,
          // Neon allows two keys of one name, but then nothing tells them apart (revoking asks to type the name).
          validateInput: (v) => keyNameProblem(v) ?? (existing.some((k) => k.name === v.trim()) ? vscode.l10n.t('{0} already has an API key named {1}; choose another name', org.orgName, v.trim()) : undefined),
        }),
        vscode.l10n.t('key name'),
      ).trim();
    },
    async (back) => {
      scopeItems ??= listOrgProjects(client, org.orgId).then((ps) => [
        { label: vscode.l10n.t('Whole organization'), description: vscode.l10n.t('every project of the organization'), value: undefined as string | undefined },
        ...ps.map<PickItem<string | undefined>>((p) => ({ label: p.name, description: p.id, detail: vscode.l10n.t('only this project'), value: p.id })),
      ]);
      const items = scopeItems.then((list) => list.map((i) => ({ ...i, picked: scope !== undefined && i.value === scope.value })));
      scope = required(await s.prompt.pick(items, { title: stepTitle(vscode.l10n.t('Scope of "{0}"', name), 2, 2), placeHolder: vscode.l10n.t('The key can act on…'), matchOnDescription: true, back }), 'scope');
    },
  ]);
  if (!scope) return undefined;

  let created;
  try {
    created = await client.createOrgApiKey(org.orgId, { keyName: name, ...(scope.value ? { projectId: scope.value } : {}) });
  } catch (e) {
    if (!(isNeonApiError(e) && isLostAnswer(e)) || !listed) throw e;
    // Neon may have made the key, and its secret was in the answer that was lost: a live key nobody
    // holds. Found by its name among the keys not there before, it is named, with Revoke to end it.
    const made = (await client.listOrgApiKeys(org.orgId).catch(() => [])).find((k) => k.name === name && !listed.some((l) => l.id === k.id));
    if (!made) throw e;
    s.tree.refresh({ accountId: org.accountId, orgId: org.orgId, part: 'apiKeys' });
    s.log.warn(`the answer to creating org API key "${name}" was lost (${e.message}); Neon made it: ${made.id}`);
    const ref: OrgApiKeyRef = { ...org, keyId: made.id, keyName: made.name, ...(scope.value ? { scopeProject: scope.label } : {}) };
    const revoke = vscode.l10n.t('Revoke API Key…');
    // The only pointer to a key nobody holds: a revoke not done from it brings it back (walk 18).
    const warn = (): Thenable<unknown> =>
      s.prompt.message('warning', vscode.l10n.t('API key "{0}" was created for {1}, but its secret was in Neon\'s answer, which was lost on the way, and Neon never shows a key again. Revoke it, then create another.', made.name, org.orgName), {}, revoke).then(
        async (choice) => {
          if (choice !== revoke) return undefined;
          // true once revoked; false or nothing when the person said no, or the revoke failed (its own message says why).
          if ((await vscode.commands.executeCommand(CommandIds.revokeOrgApiKey, ref)) !== true) return warn();
          return undefined;
        },
        () => undefined,
      );
    void warn();
    return undefined;
  }
  const token = created.key;
  registerSecret(token);
  s.tree.refresh({ accountId: org.accountId, orgId: org.orgId, part: 'apiKeys' });
  s.log.info(`created org API key ${created.id} "${created.name}" in ${org.orgId}${scope.value ? vscode.l10n.t(' scoped to {0}', scope.value) : ''}`);

  const info: CreatedKeyInfo = { id: created.id, name: created.name, ...(scope.value ? { projectId: scope.value } : {}), copied: false, savedToEnv: false };
  // Shown until the person copies or saves it (a cancelled save shows the dialog again), or discards it after a second question.
  const headline = vscode.l10n.t('API key "{0}" was created for {1}{2}.', created.name, org.orgName, scope.value ? vscode.l10n.t(' (project {0} only)', scope.label) : '');
  for (;;) {
    const choice = await askSecretDestination(s, { headline, noun: 'key', shownOnce: true });
    const save = () => saveSecretsToEnv(s, { [configuredApiKeyName()]: token }, { reason: vscode.l10n.t('the API key {0}', created.name), review: keyReview(s, created.name) });
    if (choice === 'copy') {
      await vscode.env.clipboard.writeText(token);
      info.copied = true;
      sayCopied(s, vscode.l10n.t('The key "{0}" is on the clipboard.', created.name), () => save().catch((e: unknown) => sayNotSaved(s, vscode.l10n.t('save the API key to .env'), e)));
    } else if (choice === 'save') {
      const outcome = await save();
      if (outcome === 'cancelled') continue;
      if (outcome === 'written') info.savedToEnv = true;
      else info.copied = true;
    }
    break;
  }
  return info;
}

async function resolveKey(s: Services, arg: unknown): Promise<OrgApiKeyRef> {
  if (isOrgApiKeyRef(arg)) return arg;
  const doing = vscode.l10n.t('see and revoke its API keys');
  const org = await resolveOrg(s, arg, vscode.l10n.t('Revoke API Key'), { adminOnly: doing });
  await requireAdmin(s, org, doing);
  const client = await s.clients.get(org.accountId);
  const items = client.listOrgApiKeys(org.orgId).then(async (ks) => {
    if (ks.length === 0) throw new Error(vscode.l10n.t('{0} has no API keys', org.orgName));
    // A project-scoped key is described by its project's name, not its id, when the name can be read.
    const names = ks.some((k) => k.project_id)
      ? new Map((await client.listProjects({ orgId: org.orgId }).catch(() => [])).map((p) => [p.id, p.name]))
      : new Map<string, string>();
    return ks.map<PickItem<OrgApiKeyRef>>((k) => ({
      label: k.name,
      description: `${k.id}${k.project_id ? ` · project ${names.get(k.project_id) ?? k.project_id} only` : ''}`,
      detail: k.last_used_at ? vscode.l10n.t('last used {0}', k.last_used_at) : vscode.l10n.t('never used'),
      value: { ...org, keyId: k.id, keyName: k.name, ...(k.project_id ? { scopeProject: names.get(k.project_id) ?? k.project_id } : {}) },
    }));
  });
  return required(await s.prompt.pick(items, { title: vscode.l10n.t('API key of {0}', org.orgName), placeHolder: vscode.l10n.t('Choose the key to revoke') }), 'key').value;
}

export async function revokeOrgApiKey(s: Services, arg?: unknown): Promise<boolean> {
  const key = await resolveKey(s, arg);
  const ok = await confirmDestructive(s, {
    verb: vscode.l10n.t('Revoke'),
    question: vscode.l10n.t('Revoke API key "{0}"?', key.keyName),
    name: key.keyName,
    detail: key.scopeProject
      ? vscode.l10n.t('Anything using it (CI, scripts) loses access to project {0} at once.', key.scopeProject)
      : vscode.l10n.t('Anything using it (CI, scripts) loses access to {0} at once.', key.orgName),
  });
  if (!ok) return false;
  const client = await s.clients.get(key.accountId);
  // A key saved into the workspace's .env (by Create API Key's Save to .env, or by hand) stops working there too.
  const baseUrl = s.accounts.get(key.accountId)?.baseUrl;
  const envKeys = baseUrl ? await envKeysNeonAccepts(s, baseUrl).catch(() => ({ places: [] })) : { places: [] };
  await client.revokeOrgApiKey(key.orgId, key.keyId);
  s.tree.refresh({ accountId: key.accountId, orgId: key.orgId, part: 'apiKeys' });
  void s.prompt.message('info', vscode.l10n.t('API key "{0}" of {1} was revoked.', key.keyName, key.orgName), {});
  for (const a of await accountsThatLostTheirKey(s, key.orgId, key.accountId)) {
    await s.accounts.markRejected(a.id, true);
    const update = vscode.l10n.t('Update Key…');
    const remove = vscode.l10n.t('Remove Account');
    void s.prompt
      .message('warning', vscode.l10n.t('The account "{0}" used that key: Neon now refuses it. Update its key, or remove the account.', a.label), {}, update, remove)
      .then((c) => (c === update ? CommandIds.updateAccountKey : c === remove ? CommandIds.removeAccount : undefined))
      .then((id) => id && vscode.commands.executeCommand(id, { accountId: a.id }));
  }
  if (baseUrl) await sayEnvHoldsRefusedKey(s, baseUrl, envKeys).catch((e: unknown) => s.log.warn(`Looking for the revoked key in .env files failed: ${(e as Error).message}`));
  return true;
}

/**
 * Neon does not say which key a token is, so after a revoke each saved account that could have
 * used it (an organization or project key of the same organization) is asked once: a 401 means it was its key.
 */
async function accountsThatLostTheirKey(s: Services, orgId: string, revokedBy: string): Promise<Account[]> {
  const candidates = s.accounts.list().filter((a) => a.id !== revokedBy && a.kind !== 'personal' && a.orgId === orgId && !a.rejected);
  const lost = await Promise.all(
    candidates.map(async (a): Promise<Account | undefined> => {
      try {
        const client = await s.clients.get(a.id);
        if (a.kind === 'project' && a.projectId) await client.getProject(a.projectId);
        else await client.getOrganization(orgId);
        return undefined;
      } catch (e) {
        // Anything but a refusal of the key (offline, 403) says nothing about which key was revoked.
        return isNeonApiError(e) && e.status === 401 ? a : undefined;
      }
    }),
  );
  return lost.filter((a): a is Account => a !== undefined);
}

export const orgApiKeyCommands: CommandSpec[] = [
  { id: CommandIds.createOrgApiKey, action: vscode.l10n.t('create the API key'), run: createOrgApiKey },
  { id: CommandIds.revokeOrgApiKey, action: vscode.l10n.t('revoke the API key'), run: revokeOrgApiKey },
];
