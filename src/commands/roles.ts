// Postgres roles of a branch: create (then offer to save the new password), reset and reveal a
// password, delete. A password goes only where the person chooses (the workspace .env or the
// clipboard): it is registered with the redactor the moment it arrives, and never put into a
// notification, a log line or an error.
import * as vscode from 'vscode';
import { isNeonApiError, type NeonApiError, type NeonClient } from '../api';
import type { Services } from '../services';
import { branchPlaceOf, branchTarget, isBranchRef, type BranchPlace, type RoleRef } from '../tree/refs';
import { registerSecret } from '../util/redact';
import { confirmDestructive } from './confirm';
import { describeUses, envUsesOfRole } from './envUses';
import { ActionableError, isCancelled, Refusal } from './failure';
import { noLoginProblem } from './connection';
import { saveConnectionInto, saveNewPasswordInto, saveRoleConnectionToEnv } from './saveConnection';
import { offerForDeadEnv } from './deadEnv';
import { CommandIds } from './ids';
import { freeName } from './orgLogic';
import { required, resolveBranch, resolveRole, stepTitle } from './pickers';
import { runSteps } from '../ui/steps';
import type { PickItem } from '../ui/prompt';
import { changeAndWait, withProgressIfSlow } from './progress';
import type { LatePhase } from './lateCancel';
import { adviseIfLost, createOrFind, findMadeRole } from './lostAnswer';
import { resetPasswordAction } from './resetPasswordAction';
import { sayCopied, sayNotSaved } from './offerConnection';
import { askSecretDestination } from './secretDialog';
import type { CommandSpec } from './registry';

/** Postgres's NAMEDATALEN - 1: role names are limited to 63 bytes, not characters. */
export const ROLE_NAME_MAX_BYTES = 63;

/** Names Neon or Postgres keep for themselves. */
const RESERVED_ROLE_NAMES = new Set(['web_access', 'neon_superuser', 'cloud_admin', 'public', 'none', 'current_user', 'session_user', 'current_role']);

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The input box's validation of a new role name: undefined when fine, else one sentence. */
export function roleNameProblem(name: string): string | undefined {
  if (name.length === 0) return vscode.l10n.t('Enter a name for the role');
  const bytes = utf8Length(name);
  if (bytes > ROLE_NAME_MAX_BYTES) {
    const multi = bytes !== name.length ? vscode.l10n.t(' (letters such as é, ß or 日 take 2 to 4 bytes each)') : '';
    return vscode.l10n.t('Role names are limited to {0} bytes of UTF-8; this one is {1} bytes{2}', ROLE_NAME_MAX_BYTES, bytes, multi);
  }
  if (name.trim() === '') return vscode.l10n.t('A name cannot be only spaces: type one');
  if (name.trim() !== name) return vscode.l10n.t('Remove the spaces at the start or end of the name');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return vscode.l10n.t('A role name cannot contain control characters');
  if (/^pg_/i.test(name)) return vscode.l10n.t('Names starting with "pg_" are reserved by Postgres');
  if (RESERVED_ROLE_NAMES.has(name.toLowerCase())) return vscode.l10n.t('"{0}" is reserved by Neon or Postgres', name);
  return undefined;
}

const SAVE_PASSWORD = vscode.l10n.t('save the password to .env');

/**
 * Asks where a password that was just created, reset or revealed goes (the shared secret dialog).
 * Nothing of the password appears in the question. A cancelled save shows the dialog again.
 */
export async function offerPassword(
  s: Services,
  role: RoleRef,
  password: string,
  opts: { headline: string; shownOnce: boolean; again?: string },
): Promise<'written' | 'copied' | 'skipped'> {
  registerSecret(password);
  for (;;) {
    const choice = await askSecretDestination(s, { headline: opts.headline, noun: 'password', shownOnce: opts.shownOnce, ...(opts.again ? { again: opts.again } : {}) });
    if (choice === 'save') {
      let r: Awaited<ReturnType<typeof saveRoleConnectionToEnv>>;
      try {
        r = await saveRoleConnectionToEnv(s, role, password);
      } catch (e) {
        // The password is still in hand (and may be shown only now): say why, then ask again, so Copy stays possible.
        sayNotSaved(s, SAVE_PASSWORD, e, vscode.l10n.t('The password was not lost: choose Copy, or Save to .env again.'));
        continue;
      }
      if (r === 'cancelled') continue;
      return r;
    }
    if (choice === 'copy') {
      await vscode.env.clipboard.writeText(password);
      const save = () => saveRoleConnectionToEnv(s, role, password).catch((e: unknown) => sayNotSaved(s, SAVE_PASSWORD, e));
      sayCopied(s, vscode.l10n.t('Copied the password of role {0} (branch {1}) to the clipboard.', role.roleName, role.branchName), save);
      return 'copied';
    }
    return 'skipped';
  }
}

function roleOf(branch: BranchPlace, roleName: string, isProtected: boolean): RoleRef {
  return { ...branchPlaceOf(branch), roleName, isProtected };
}

/**
 * Sends a change that returns a role with a new password, registering the password before
 * anything else sees it. If waiting for the operations fails (or is cancelled) after the change
 * was accepted, the password is still offered before the failure is reported: losing it would
 * leave the role unusable.
 */
async function changeWithPassword(
  s: Services,
  client: NeonClient,
  role: RoleRef,
  title: string,
  send: (signal: AbortSignal) => ReturnType<NeonClient['resetRolePassword']>,
  offer: { headline: string; cancelledLate: string },
): Promise<{ password?: string; outcome: 'written' | 'copied' | 'skipped' | 'none' }> {
  let password: string | undefined;
  // A project that stores passwords (Neon's default) gives this one again ("Copy or Save
  // Password…"), so closing the dialog loses nothing; unknown (the read failed) counts as shown once.
  const stored = client.getProject(role.projectId).then(
    (p) => p.store_passwords === true,
    () => false,
  );
  const shown = async () =>
    (await stored)
      ? { shownOnce: false, again: vscode.l10n.t('Project {0} stores role passwords: "Copy or Save Password…" on the role gets it again.', role.projectName) }
      : { shownOnce: true };
  // Cancel pressed once the request was on its way (walk 35) or while Neon applied it (walk 25): the change stands.
  let lateCancel: LatePhase | undefined;
  try {
    await changeAndWait(s, client, {
      title,
      target: branchTarget(role),
      projectId: role.projectId,
      change: async (signal) => {
        const r = await send(signal);
        password = r.role.password ?? undefined;
        registerSecret(password);
        return r;
      },
      onCancelledLate: (phase) => (lateCancel = phase),
    });
  } catch (e) {
    // (A Cancel while Neon applies it is no failure: changeAndWait returns, onCancelledLate says when.)
    if (password === undefined || isCancelled(e)) throw e;
    // Neon accepted the change but waiting for it failed: the password is offered before the failure is said.
    await offerPassword(s, role, password, {
      headline: vscode.l10n.t('{0} Neon accepted it but waiting for it did not complete, so the password may take effect a little later.', offer.headline),
      ...(await shown()),
    }).catch(() => undefined);
    throw e;
  }
  if (password === undefined) return { outcome: 'none' };
  const headline =
    lateCancel === 'sent'
      ? offer.cancelledLate
      : lateCancel === 'accepted'
        ? vscode.l10n.t('{0} Cancel came after Neon had accepted it, so it stands; the password may take effect a little later.', offer.headline)
        : offer.headline;
  const outcome = await offerPassword(s, role, password, { headline, ...(await shown()) });
  return { password, outcome };
}

// ---------------------------------------------------------------- commands

export async function createRole(s: Services, arg?: unknown): Promise<{ roleName: string; outcome: string } | undefined> {
  const title = vscode.l10n.t('Create Role');
  // The branch pick is a step too when it is asked (Copy Connection String counts it the same way).
  const asksBranch = !isBranchRef(arg);
  const step = (n: number) => stepTitle(title, n + Number(asksBranch), 2 + Number(asksBranch));
  const branch = await resolveBranch(s, arg, asksBranch ? step(0) : title);
  const client = await s.clients.get(branch.accountId);
  // The suggestion is a name the branch does not have yet; a taken one is refused as it is typed.
  const roles = await withProgressIfSlow(vscode.l10n.t('{0}: reading branch {1}…', vscode.l10n.t('Create Role'), branch.branchName), (signal) => client.listRoles(branch.projectId, branch.branchId, { signal }), {
    rateLimits: client,
    beforeChange: vscode.l10n.t('The roles of branch {0}', branch.branchName),
  });
  const taken = new Set(roles.map((r) => r.name));
  const problemOf = (v: string) => roleNameProblem(v) ?? (taken.has(v) ? vscode.l10n.t('Branch {0} already has a role named {1}', branch.branchName, v) : undefined);
  let name = '';
  let noLogin: boolean | undefined;
  await runSteps([
    async (back) => {
      name = required(
        await s.prompt.input({
          title: vscode.l10n.t('{0}: new role on branch {1} ({2})', step(1), branch.branchName, branch.projectName),
          prompt: vscode.l10n.t('Role name, at most {0} bytes (UTF-8)', ROLE_NAME_MAX_BYTES),
          placeHolder: freeName('app_user', taken, '_'),
          value: name,
          back,
          validateInput: problemOf,
        }),
        vscode.l10n.t('role name'),
      );
      // The input box validates as the person types; checked again for callers that bypass it.
      const problem = problemOf(name);
      if (problem) throw new Error(problem);
    },
    async (back) => {
      // Logging in comes first: it is what a new role is made for most often.
      const items: PickItem<boolean>[] = [
        { label: vscode.l10n.t('Can log in (password)'), detail: vscode.l10n.t('Neon makes a password for it: save it to .env or copy it next.'), icon: 'person', value: false, picked: noLogin === false },
        { label: vscode.l10n.t('Cannot log in (owns objects, for grants)'), detail: vscode.l10n.t('No password: the role owns tables and other objects, and is granted to the roles that log in.'), icon: 'circle-slash', value: true, picked: noLogin === true },
      ];
      noLogin = required(await s.prompt.pick(items, { title: vscode.l10n.t('{0}: can {1} log in?', step(2), name), placeHolder: vscode.l10n.t('How role {0} is used', name), back }), vscode.l10n.t('whether the role logs in')).value;
    },
  ]);
  const role: RoleRef = { ...roleOf(branch, name, false), ...(noLogin ? { noLogin: true } : {}) };
  let lostAnswer = false;
  // A role Neon made although its answer was lost is found by its name; that answer carried the password.
  const send = (signal: AbortSignal) =>
    createOrFind(
      () => client.createRole(branch.projectId, branch.branchId, { name, ...(noLogin ? { noLogin: true } : {}) }, { signal }),
      () => findMadeRole(client, branch.projectId, branch.branchId, name, signal),
      (made, lost) => {
        s.log.warn(`The answer to creating role ${name} was lost (${lost.message}); Neon made it${made.role.password === undefined && !noLogin ? ', and its password is not stored' : ''}`);
        lostAnswer = true;
      },
    );
  if (noLogin) {
    // No password comes back, so there is nothing to offer: the change, then one sentence.
    await changeAndWait(s, client, { title: vscode.l10n.t('Creating role {0} on {1}…', name, branch.branchName), target: branchTarget(role), projectId: role.projectId, change: send });
    const found = lostAnswer ? ` ${vscode.l10n.t('Neon\'s answer was lost on the way, so the role was found by its name.')}` : '';
    void s.prompt.message('info', vscode.l10n.t('Created role {0} on branch {1}. It cannot log in: grant it to a role that does, or make it the owner of objects.', name, branch.branchName) + found, {});
    return { roleName: name, outcome: 'none' };
  }
  const r = await changeWithPassword(s, client, role, vscode.l10n.t('Creating role {0} on {1}…', name, branch.branchName), send, {
    // Read once the role is made: whether its answer came is known only then.
    get headline() {
      return lostAnswer
        ? vscode.l10n.t('Created role {0} on branch {1} (Neon\'s answer was lost on the way, so the role was found by its name and its password read again). Save its password?', name, branch.branchName)
        : vscode.l10n.t('Created role {0} on branch {1}. Save its password?', name, branch.branchName);
    },
    cancelledLate: vscode.l10n.t('Cancel came after the request was sent to Neon, so role {0} was created on branch {1}. Save its password?', name, branch.branchName),
  });
  if (r.outcome === 'none' && lostAnswer) {
    const actions = resetPasswordAction(role);
    void s.prompt.message('warning', vscode.l10n.t('Created role {0} on branch {1}, but its password was in Neon\'s answer, which was lost on the way, and the project does not store passwords. Reset its password to get one.', name, branch.branchName), {}, ...actions.map((a) => a.label)).then(
      (choice) => actions.find((a) => a.label === choice)?.run(),
      () => undefined,
    );
  } else if (r.outcome === 'none') void s.prompt.message('info', vscode.l10n.t('Created role {0} on branch {1}.', name, branch.branchName), {});
  return { roleName: name, outcome: r.outcome };
}

export async function resetRolePassword(s: Services, arg?: unknown): Promise<{ outcome: string } | undefined> {
  const role = await resolveRole(s, arg, vscode.l10n.t('Reset Password'), { includeProtected: false });
  if (role.isProtected) throw new Error(vscode.l10n.t('Role {0} is protected: Neon manages it, so its password cannot be reset', role.roleName));
  const noLogin = noLoginProblem(role);
  if (noLogin) throw new Refusal(noLogin);
  const client = await s.clients.get(role.accountId);
  // The workspace's own .env may be one of those connections: it is named in the question. A read
  // that fails only loses that sentence.
  const usesOf = envUsesOfRole(client, role);
  const uses = await withProgressIfSlow(vscode.l10n.t('{0}: reading branch {1}…', vscode.l10n.t('Reset Password'), role.branchName), (signal) => usesOf(undefined, signal).catch((e) => {
      // A failed read only loses that sentence; a cancelled one ends the command.
      if (signal.aborted) throw e;
      return [];
    }), { rateLimits: client });
  // Confirmed as a delete is (neonExplorer.deleteConfirmation): the reset breaks every connection of the role.
  const ok = await confirmDestructive(s, {
    verb: vscode.l10n.t('Reset Password'),
    question: vscode.l10n.t('Reset the password of role {0} on branch {1}?', role.roleName, role.branchName),
    name: role.roleName,
    detail:
      vscode.l10n.t('Every application and session that connects as {0} with the current password will fail to connect once the reset finishes, until it gets the new password.', role.roleName) +
      (uses.length ? ` ${vscode.l10n.t('This workspace connects as {0} in {1}: save the new password there when asked.', role.roleName, describeUses(uses))}` : ''),
  });
  if (!ok) return undefined;
  const r = await changeWithPassword(
    s,
    client,
    role,
    vscode.l10n.t('Resetting the password of {0}…', role.roleName),
    (signal) => adviseIfLost(client.resetRolePassword(role.projectId, role.branchId, role.roleName, { signal }), (lost) => lostReset(role, lost)),
    {
      headline: vscode.l10n.t('The password of role {0} was reset. Save the new one?', role.roleName),
      cancelledLate: vscode.l10n.t('Cancel came after the request was sent to Neon, so the password of role {0} was reset. Save the new one?', role.roleName),
    },
  );
  if (r.outcome === 'none') void s.prompt.message('info', vscode.l10n.t('Reset the password of role {0}.', role.roleName), {});
  if (r.password !== undefined && uses.length) warnStaleEnv(s, role, r.password, usesOf);
  return { outcome: r.outcome };
}

/**
 * A reset whose answer was lost: a refresh cannot show whether the password changed, so the
 * advice is what does tell: the stored password, and Test Connection with the .env.
 */
function lostReset(role: RoleRef, lost: NeonApiError): Error {
  const why =
    lost.kind === 'timeout' && lost.timeoutMs !== undefined
      ? vscode.l10n.t('Neon did not answer within {0} s', Math.round(lost.timeoutMs / 1000))
      : vscode.l10n.t('The connection to Neon broke before Neon answered');
  return new ActionableError(
    vscode.l10n.t('{0}, so the password of role {1} may have changed and a .env may still hold the old one. "Copy or Save Password…" gets the current one; "Test Connection…" on the .env tells whether it still logs in.', why, role.roleName),
    [{ label: vscode.l10n.t('Copy or Save Password…'), run: () => vscode.commands.executeCommand(CommandIds.revealRolePassword, { ...branchPlaceOf(role), roleName: role.roleName, isProtected: role.isProtected }) }],
  );
}

/**
 * After a reset: a workspace .env that still logs in as the role with another password no longer
 * connects. Said once, with a button that saves the new password into the very variables named
 * (the command has ended by then).
 */
function warnStaleEnv(s: Services, role: RoleRef, password: string, usesOf: ReturnType<typeof envUsesOfRole>): void {
  void usesOf(password)
    .catch(() => [])
    .then(async (stale) => {
      if (stale.length === 0) return;
      const SAVE = vscode.l10n.t('Save New Password to .env');
      const choice = await s.prompt.message(
        'warning',
        vscode.l10n.t('{0} still holds the old password of role {1}: connections from it fail until it has the new one.', describeUses(stale), role.roleName),
        {},
        SAVE,
      );
      if (choice === SAVE) await saveNewPasswordInto(s, role, password, stale);
    })
    .catch((e: unknown) => sayNotSaved(s, SAVE_PASSWORD, e));
}

export async function revealRolePassword(s: Services, arg?: unknown): Promise<{ outcome: string } | undefined> {
  const role = await resolveRole(s, arg, vscode.l10n.t('Copy or Save Password'), { includeProtected: false });
  if (role.isProtected) throw new Error(vscode.l10n.t('Role {0} is protected: Neon manages it and it has no password to reveal', role.roleName));
  const noLogin = noLoginProblem(role);
  if (noLogin) throw new Refusal(noLogin);
  const client = await s.clients.get(role.accountId);
  let password: string;
  try {
    password = await client.revealRolePassword(role.projectId, role.branchId, role.roleName);
  } catch (e) {
    // Password storage off for the project (412): only a new password can be copied, so offer to make one.
    if (isNeonApiError(e) && e.status === 412) {
      throw Object.assign(
        new ActionableError(vscode.l10n.t('Neon does not store the password of role {0} (password storage is off for this project), so there is none to copy or save. Reset the password to get a new one.', role.roleName), resetPasswordAction(role)),
        { requestId: e.requestId },
      );
    }
    throw e;
  }
  registerSecret(password);
  const outcome = await offerPassword(s, role, password, {
    headline: vscode.l10n.t('Copy or save the password of role {0} (branch {1})?', role.roleName, role.branchName),
    shownOnce: false,
  });
  // Closing the dialog is a cancel, not a result.
  if (outcome === 'skipped') return undefined;
  return { outcome };
}

export async function deleteRole(s: Services, arg?: unknown): Promise<boolean> {
  const role = await resolveRole(s, arg, vscode.l10n.t('Delete Role'), { includeProtected: false });
  // Refusals come before any change is sent, with the reason.
  if (role.isProtected) {
    throw new Error(vscode.l10n.t('Role {0} is protected: Neon manages it (web_access serves the SQL Editor and passwordless connections), so it cannot be deleted', role.roleName));
  }
  const client = await s.clients.get(role.accountId);
  // Which workspace .env logs in as it, read alongside (a failed read only loses the warning).
  const uses = envUsesOfRole(client, role)().catch(() => []);
  const databases = await client.listDatabases(role.projectId, role.branchId);
  const owned = databases.filter((d) => d.owner_name === role.roleName).map((d) => d.name);
  if (owned.length > 0) {
    // The way on is one click away: Change Database Owner… on that database (or, for several, on the ones this role owns).
    const target = owned.length === 1 ? { ...branchPlaceOf(role), databaseName: owned[0]!, ownerName: role.roleName } : role;
    throw new ActionableError(
      owned.length === 1
        ? vscode.l10n.t('Role {0} owns the database {1} on branch {2}, and a role that owns a database cannot be deleted. Give it another owner or delete it first', role.roleName, owned[0]!, role.branchName)
        : vscode.l10n.t('Role {0} owns the databases {1} on branch {2}, and a role that owns a database cannot be deleted. Give them another owner or delete them first', role.roleName, owned.join(', '), role.branchName),
      [{ label: vscode.l10n.t('Change Database Owner…'), run: () => vscode.commands.executeCommand(CommandIds.changeDatabaseOwner, target) }],
    );
  }
  const inEnv = await uses;
  const ok = await confirmDestructive(s, {
    verb: vscode.l10n.t('Delete'),
    question: vscode.l10n.t('Delete role "{0}"?', role.roleName),
    name: role.roleName,
    detail:
      // Nothing connects as a role that cannot log in (walk 39: the warning said connections would fail).
      (role.noLogin
        ? vscode.l10n.t('Branch {0} of {1}: nothing connects as this role; the roles it was granted to lose the privileges it gave them.', role.branchName, role.projectName)
        : vscode.l10n.t('Branch {0} of {1}: connections that use this role will fail.', role.branchName, role.projectName)) +
      (inEnv.length ? ` ${vscode.l10n.t('This workspace connects as {0} in {1}.', role.roleName, describeUses(inEnv))}` : ''),
  });
  if (!ok) return false;
  await changeAndWait(s, client, {
    title: vscode.l10n.t('Deleting role {0}…', role.roleName),
    target: branchTarget(role),
    projectId: role.projectId,
    change: (signal) => client.deleteRole(role.projectId, role.branchId, role.roleName, { signal }),
  });
  if (inEnv.length === 0) {
    void s.prompt.message('info', vscode.l10n.t('Deleted role {0} from branch {1}.', role.roleName, role.branchName), {});
    return true;
  }
  // The workspace's connection strings log in as the role no longer there: the way on is another
  // role's, into those very variables, or removing them (as Revoke API Key names a .env with a dead key).
  offerForDeadEnv(s, {
    text: vscode.l10n.t('Deleted role {0} from branch {1}. {2} no longer logs in: save the connection of another role there.', role.roleName, role.branchName, describeUses(inEnv)),
    save: vscode.l10n.t('Save Another Role to .env…'),
    uses: inEnv,
    saveInto: () => saveConnectionInto(s, branchPlaceOf(role), inEnv),
  });
  return true;
}

export function roleCommands(): CommandSpec[] {
  return [
    { id: CommandIds.createRole, action: vscode.l10n.t('create the role'), run: createRole },
    { id: CommandIds.resetRolePassword, action: vscode.l10n.t('reset the password'), run: resetRolePassword },
    { id: CommandIds.revealRolePassword, action: vscode.l10n.t('get the password'), run: revealRolePassword },
    { id: CommandIds.deleteRole, action: vscode.l10n.t('delete the role'), run: deleteRole },
  ];
}
