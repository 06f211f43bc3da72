// Account commands: add, rename, update key, remove. Keys are typed into password boxes and go
// straight to SecretStorage; nothing here logs or shows them.
import * as vscode from 'vscode';
import { addedIfNameClash, describeKind, describeOwner, KeyRejectedError, sameOwner } from '../accounts/identify';
import { StaleSecretsError } from '../accounts/secretWriteGuard';
import { configuredBaseUrl, DEFAULT_BASE_URL, type StoredAccount } from '../accounts/store';
import type { Account, CheckedKey, Services } from '../services';
import { runSteps } from '../ui/steps';
import * as pickers from './pickers';
import { ActionableError, errorSentence, isRefusal, withoutClause } from './failure';
import { isNeonApiError } from '../api';
import { CommandIds } from './ids';
import { withProgressIfSlow } from './progress';
import type { CommandSpec } from './registry';

const BASE_URL_SETTING = 'neonExplorer.apiBaseUrl';

/**
 * Refuses a `neonExplorer.apiBaseUrl` that is not an http(s) URL before the key is even asked
 * for: no request could reach Neon with it, and the key would be typed for nothing.
 */
export function checkBaseUrlSetting(): void {
  const raw = vscode.workspace.getConfiguration('neonExplorer').get<string>('apiBaseUrl', '') ?? '';
  const value = String(raw).trim();
  if (value === '') return; // the default applies
  let ok = false;
  try {
    const u = new URL(value);
    ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    ok = false;
  }
  if (ok) return;
  // A key pasted into the wrong box must not come back in a notification.
  const looksLikeKey = /napi_|[A-Za-z0-9]{32,}/.test(value);
  const shown = looksLikeKey ? '' : ` ("${value.length > 80 ? `${value.slice(0, 77)}…` : value}")`;
  throw new ActionableError(
    vscode.l10n.t('The setting {0}{1} is not an http(s) URL, so Neon cannot be reached. Correct it in Settings (the default is https://console.neon.tech/api/v2), then add the key again; nothing was sent.', BASE_URL_SETTING, shown),
    [{ label: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', BASE_URL_SETTING) }],
  );
}

/**
 * A network failure (or an answer that is not Neon's) while the setting points elsewhere than
 * Neon: the sentence names the setting the address comes from and opens it (walk 40 saw only
 * "check your network" for http://127.0.0.1:1).
 */
function withBaseUrlSetting(e: unknown): unknown {
  const url = configuredBaseUrl();
  if (url === DEFAULT_BASE_URL || !isNeonApiError(e) || !['network', 'timeout', 'notFound', 'invalidResponse'].includes(e.kind)) return e;
  const err = new ActionableError(
    vscode.l10n.t('{0} The address {1} comes from the setting {2}: correct it, or clear it to use Neon\'s default ({3}), then add the key again; nothing was saved.', withoutClause(errorSentence(e), vscode.l10n.t('then try again')), url, BASE_URL_SETTING, DEFAULT_BASE_URL),
    [
      { label: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', BASE_URL_SETTING) },
      { label: vscode.l10n.t('Retry'), run: () => vscode.commands.executeCommand(CommandIds.addAccount) },
    ],
  );
  // The request id stays last in the failure's sentence (src/commands/failure.ts).
  return Object.assign(err, { requestId: e.requestId });
}

/** A name no other account has: the one asked for, else with " (2)", " (3)"… (walk 40: two rows alike). */
function freeLabel(s: Services, base: string): string {
  const taken = new Set(s.accounts.list().map((a) => a.label.toLowerCase()));
  let label = base;
  for (let n = 2; taken.has(label.toLowerCase()); n++) label = `${base} (${n})`;
  return label;
}

/** Why a name cannot be used: another account has it, and two alike cannot be told apart in the lists. */
function nameTaken(s: Services, name: string, except?: string): string | undefined {
  const other = s.accounts.list().find((a) => a.id !== except && a.label.toLowerCase() === name.trim().toLowerCase());
  return other ? vscode.l10n.t('Another account is already named "{0}": choose a name that tells them apart.', other.label) : undefined;
}

/** The account a command acts on: the clicked node's, or one picked from a list (palette). */
async function resolveAccount(s: Services, arg: unknown, title: string): Promise<Account> {
  return (await pickers.resolveAccount(s, arg, title)).account;
}

export function describeAccount(a: Account): string {
  const who = a.kind === 'personal' ? a.email : (a as { orgName?: string }).orgName;
  // Not twice: an account left unnamed is labelled with its email (Added "you@example.com" (personal key)).
  return [describeKind(a.kind), who !== a.label ? who : undefined, a.rejected ? vscode.l10n.t('key rejected') : undefined].filter(Boolean).join(' · ');
}

/**
 * Runs a write of a key; when this window's secret storage is out of date (another browser tab
 * saved a key after this one opened), says which account's key it would erase and offers the
 * reload that makes the write safe. Nothing was written.
 */
async function writingKeys<T>(s: Services, nothingDone: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof StaleSecretsError)) throw e;
    const labels = [...new Set(e.accounts.map((x) => s.accounts.get(x.id)?.label ?? x.label).filter((l): l is string => !!l))];
    const whose = labels.length > 0 ? labels.map((l) => `"${l}"`).join(', ') : vscode.l10n.t('an account');
    throw new ActionableError(
      vscode.l10n.t(
        'Another window saved the API key of {0} after this window opened, and this window cannot see it yet (VS Code in a browser keeps one copy of the secret storage per tab); saving here now would erase it. Reload this window, then try again; {1}. If {0} still has no key after a reload, set it with "Update API Key…" or remove that account.',
        whose,
        nothingDone,
      ),
      [{ label: vscode.l10n.t('Reload Window'), run: () => vscode.commands.executeCommand('workbench.action.reloadWindow') }],
    );
  }
}

const keyPrompt = {
  password: true,
  ignoreFocusOut: true,
  placeHolder: 'napi_…',
  // An empty box is where everyone starts: what to paste is the prompt's, not a red error from
  // the first moment (walk 36); only Enter on an empty box is refused, saying why.
  validateInput: (): undefined => undefined,
  validateOnAccept: (v: string) => (v.trim() ? undefined : vscode.l10n.t('No key was pasted: paste a Neon API key, or press Escape to add nothing.')),
};

/** The reason a refused key is shown with; a request id (when Neon sent one) comes last. */
function refusalReason(e: unknown): string {
  const sentence = errorSentence(e);
  // A key already added was never sent: "nothing is saved until Neon accepts" does not apply.
  if (isRefusal(e)) return sentence;
  const requestId = (e as { requestId?: unknown }).requestId;
  const rid = typeof requestId === 'string' && requestId ? vscode.l10n.t(' (request id {0})', requestId) : '';
  let base = sentence;
  if (rid) for (const said of [rid, ` (request id ${requestId as string})`]) base = base.split(said).join('').trim();
  base = withoutClause(base, vscode.l10n.t('nothing was saved'));
  return `${vscode.l10n.t('{0} Nothing is saved until Neon accepts a key.', base)}${rid}`;
}

/** Neon refused the key itself (401, 403), or it cannot be one (empty, bad characters, already added). */
function isKeyRefused(e: unknown): boolean {
  return e instanceof KeyRejectedError || (isNeonApiError(e) && (e.status === 401 || e.status === 403 || e.kind === 'invalidArgument')) || isRefusal(e);
}

/**
 * Asks for a key until `use` accepts it. A key Neon refuses (or that cannot be one) brings the box
 * back with the key in it and the reason as the box's error, in red, until the key is changed: a
 * mistyped key is fixed in place, not pasted again, and Add and Update behave alike (walk 21 found
 * Add's reason in the grey prompt and Update closing on a toast). Anything else (Neon unreachable)
 * is not the key's fault and ends the loop as a failure with Retry.
 */
async function askKeyUntilAccepted<T>(s: Services, ask: { title: string; prompt: string; back?: boolean; value?: string; log: string }, use: (key: string) => Promise<T>): Promise<{ key: string; result: T }> {
  let key = ask.value ?? '';
  let refused: { key: string; reason: string } | undefined;
  for (;;) {
    const shownFor = refused;
    key = pickers.required(
      await s.prompt.input({
        ...keyPrompt,
        title: ask.title,
        prompt: ask.prompt,
        value: key,
        ...(ask.back ? { back: true } : {}),
        validateInput: (v: string) => (shownFor && v === shownFor.key ? { message: shownFor.reason, severity: vscode.InputBoxValidationSeverity.Error } : keyPrompt.validateInput()),
      }),
      vscode.l10n.t('API key'),
    );
    try {
      // The box has closed: a check that takes a while says so (walk 23 saw seconds of nothing).
      return { key, result: await withProgressIfSlow(vscode.l10n.t('Checking the key with Neon…'), () => use(key)) };
    } catch (e) {
      if (!isKeyRefused(e)) throw e;
      refused = { key, reason: refusalReason(e) };
      s.log.warn(`${ask.log}: the key was refused: ${errorSentence(e)}`);
    }
  }
}

async function addAccount(s: Services): Promise<Account | undefined> {
  checkBaseUrlSetting();
  let key = '';
  let label = '';
  let checked: CheckedKey | undefined;
  await runSteps([
    async (back) => {
      // Checked before the name is asked: a refused key is said at once, not after another question.
      ({ key, result: checked } = await askKeyUntilAccepted(
        s,
        { title: vscode.l10n.t('Add Neon API Key'), prompt: vscode.l10n.t('Paste a personal, organization or project-scoped Neon API key. It is checked with Neon, then kept in VS Code’s secret storage.'), back, value: key, log: 'Add API key' },
        (k) => s.accounts.check(k),
      ).catch((e: unknown) => {
        throw withBaseUrlSetting(e);
      }));
      // Another key of someone already added would make a second account that shows the same (walk 40).
      const ok = checked!;
      const twin = s.accounts.list().find((a) => a.baseUrl === ok.baseUrl && !s.accounts.get(a.id)?.unverified && sameOwner(s.accounts.get(a.id) ?? a, ok.who));
      if (twin) {
        const anyway = vscode.l10n.t('Add Anyway');
        const choice = await s.prompt.message(
          'warning',
          vscode.l10n.t('{0} is already added as "{1}". Add this key as another account?', describeOwner(ok.who), twin.label),
          { modal: true, detail: vscode.l10n.t('Both accounts would show the same projects. Use "Update API Key…" on "{0}" to replace its key instead.', twin.label) },
          anyway,
        );
        if (choice !== anyway) throw new pickers.PickCancelled('account');
      }
    },
    async (back) => {
      const suggested = freeLabel(s, checked!.defaultLabel);
      label = pickers.required(
        await s.prompt.input({
          title: vscode.l10n.t('Add Neon API Key'),
          prompt: vscode.l10n.t('Neon accepted the key. A name for this account (optional: Enter keeps "{0}"; Escape adds nothing).', suggested),
          placeHolder: suggested,
          value: label,
          back,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? nameTaken(s, v) : undefined),
        }),
        vscode.l10n.t('account name'),
      ).trim() || suggested;
    },
  ]);
  const ok = checked!;
  const account = await writingKeys(s, vscode.l10n.t('nothing was saved'), () => s.accounts.add(key, label, ok));
  void s.prompt.message('info', vscode.l10n.t('Added "{0}" ({1}).', account.label, describeAccount(account)), {});
  await s.tree.focusAccount?.(account.id).then(undefined, (e: unknown) => s.log.warn(`Add API key: could not show the new row: ${errorSentence(e)}`));
  return account;
}

async function renameAccount(s: Services, arg?: unknown): Promise<void> {
  const a = await resolveAccount(s, arg, vscode.l10n.t('Rename which account?'));
  const label = await s.prompt.input({
    // Titled and worded as Rename Project and Rename Branch (walk 30 found three styles).
    title: vscode.l10n.t('Rename Account'),
    prompt: vscode.l10n.t('New name for {0}', a.label),
    value: a.label,
    validateInput: (v) => (v.trim() ? nameTaken(s, v, a.id) : vscode.l10n.t('The name cannot be empty.')),
  });
  if (label === undefined || label.trim() === a.label) return;
  await s.accounts.rename(a.id, label);
  s.log.info(`Renamed account "${a.label}" to "${label.trim()}"`);
}

async function updateAccountKey(s: Services, arg?: unknown): Promise<void> {
  const a = await resolveAccount(s, arg, vscode.l10n.t('Update the key of which account?'));
  const { key, result: checked } = await askKeyUntilAccepted(
    s,
    {
      title: vscode.l10n.t('Update API Key of "{0}"', a.label),
      prompt: a.rejected ? vscode.l10n.t('Neon rejected the current key. Paste a new key for this account.') : vscode.l10n.t('Paste the new API key for this account.'),
      log: 'Update API key',
    },
    (k) => s.accounts.check(k, a.id),
  );
  const stored: StoredAccount = s.accounts.get(a.id) ?? { ...a, addedAt: '' };
  // A key of another user, organization or project would turn the account into another one under
  // its old name (walk 25: a personal key of someone else replaced an organization's key silently).
  const other = !sameOwner(stored, checked.who);
  if (other) {
    const replace = vscode.l10n.t('Replace Anyway');
    const addOther = vscode.l10n.t('Add as Another Account');
    const choice = await s.prompt.message(
      'warning',
      vscode.l10n.t('This key belongs to {0}, not to {1} as the key of "{2}" did.', describeOwner(checked.who), describeOwner(stored), a.label),
      { modal: true, detail: vscode.l10n.t('Replace Anyway makes "{0}" show what the new key reaches. Add as Another Account keeps both.', a.label) },
      addOther,
      replace,
    );
    if (choice === addOther) {
      const added = await writingKeys(s, vscode.l10n.t('nothing was saved'), () => s.accounts.add(key, freeLabel(s, checked.defaultLabel), checked));
      void s.prompt.message('info', vscode.l10n.t('Added "{0}" ({1}).', added.label, describeAccount(added)), {});
      return;
    }
    if (choice !== replace) return;
  }
  await writingKeys(s, vscode.l10n.t('the account keeps its current key'), () => s.accounts.updateKey(a.id, key, checked));
  // A name that was the old owner's own (its email, organization or project) follows the new one.
  if (other && [stored.email, stored.orgName, stored.projectName].includes(stored.label)) await s.accounts.rename(a.id, checked.defaultLabel);
  const now = s.accounts.get(a.id) ?? a;
  void s.prompt.message('info', vscode.l10n.t('Updated the key of "{0}" ({1}).', now.label, describeAccount(now)), {});
}

async function removeAccount(s: Services, arg?: unknown): Promise<void> {
  const a = await resolveAccount(s, arg, vscode.l10n.t('Remove which account?'));
  const clash = addedIfNameClash(s.accounts.get(a.id) ?? a, s.accounts.list());
  const choice = await s.prompt.message(
    'warning',
    // Two accounts of one name are told apart by when each was added.
    clash ? vscode.l10n.t('Remove the account "{0}" ({1})?', a.label, clash) : vscode.l10n.t('Remove the account "{0}"?', a.label),
    {
      modal: true,
      // A key Neon refuses (revoked, expired) has nothing left to revoke (walk 25).
      detail: (s.accounts.get(a.id) ?? a).rejected
        ? vscode.l10n.t('Its API key, which Neon now refuses, is deleted from VS Code’s secret storage. Nothing changes in Neon.')
        : vscode.l10n.t('Its API key is deleted from VS Code’s secret storage. Nothing changes in Neon: the key itself stays valid until you revoke it in the Neon Console.'),
    },
    vscode.l10n.t('Remove'),
  );
  if (choice !== vscode.l10n.t('Remove')) return;
  await writingKeys(s, vscode.l10n.t('the account was kept'), () => s.accounts.remove(a.id));
  // The row that had the focus is gone. Asked from the tree, or the last account gone (the view now
  // shows its welcome content), the focus goes to the view; from the palette over an editor it
  // stays where the palette returns it.
  if (arg !== undefined || s.accounts.list().length === 0) await s.tree.focusView?.().then(undefined, (e: unknown) => s.log.warn(`Remove account: could not focus the view: ${errorSentence(e)}`));
}

export const accountCommands: CommandSpec[] = [
  { id: CommandIds.addAccount, action: vscode.l10n.t('add the API key'), run: (s) => addAccount(s) },
  { id: CommandIds.renameAccount, action: vscode.l10n.t('rename the account'), run: (s, arg) => renameAccount(s, arg) },
  { id: CommandIds.updateAccountKey, action: vscode.l10n.t('update the API key'), run: (s, arg) => updateAccountKey(s, arg) },
  { id: CommandIds.removeAccount, action: vscode.l10n.t('remove the account'), run: (s, arg) => removeAccount(s, arg) },
];

