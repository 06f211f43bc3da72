import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { isAccountRef } from '../tree/refs';
import { rarelyUsed } from '../rarelyUsedLoader';
import { describeFailure, isActionableError, isRefusalBeforeChange } from './failure';
import { CommandIds, type CommandId } from './ids';
import { recordAnswers, type Answers } from './answerReplay';
import { formatMs, watchPrompts } from './timing';
import { carryLateCancel, lateCancelAlone, withLateCancel } from './lateCancel';
import { rowNames } from '../tree/rowNames';

/** A command's handler: it gets the services and whatever VS Code passed (the clicked node, or nothing from the palette). */
export type CommandHandler = (s: Services, ...args: unknown[]) => unknown;

export interface CommandSpec {
  readonly id: CommandId;
  /** Completes "Couldn't …" in a failure sentence, e.g. "delete the project". */
  readonly action: string;
  readonly run: CommandHandler;
}

/**
 * The one seam every command goes through: it logs start and end (the time of the work, not of
 * the person's answers; "cancelled" when it ended on a dismissed question), turns any failure into a
 * sentence with the request id and the buttons that help (Retry, Update Key, Show Log), marks an
 * account whose key was rejected, and never lets a rejection escape unhandled.
 */
/** Commands a second click may run again at once: they restart or stop what the first started. */
const REPEATABLE: ReadonlySet<string> = new Set([CommandIds.refresh, CommandIds.refreshNode, CommandIds.retryNode, CommandIds.loadMore, CommandIds.stopLoading, CommandIds.showLog]);

/** The tree row a command was run on (a click passes the node), for "already running there". */
function rowOf(arg: unknown): string | undefined {
  const id = arg && typeof arg === 'object' ? (arg as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Command titles as the palette shows them, for log lines: "Reset Password [neonExplorer.…]" (the
 * id kept for bug reports). Read from package.json once, at the first log line; a %key% the host
 * left unresolved is looked up in package.nls.json.
 */
function titles(s: Services): { map: Map<string, string>; rowless: Set<string> } {
  const map = new Map<string, string>();
  const rowless = new Set<string>();
  try {
    const ext = s.context.extension;
    type Menu = { command?: unknown }[] | undefined;
    const contributes = (ext.packageJSON as { contributes?: { commands?: { command?: unknown; title?: unknown }[]; menus?: Record<string, Menu> } }).contributes;
    const commands = contributes?.commands ?? [];
    // A view's title button gets the focused row as its argument, which it does not act on
    // (walk 40: "▶ Refresh All … on <a row>"): those commands' log lines name no row.
    const onRows = new Set((contributes?.menus?.['view/item/context'] ?? []).map((m) => m.command));
    for (const m of contributes?.menus?.['view/title'] ?? []) if (typeof m.command === 'string' && !onRows.has(m.command)) rowless.add(m.command);
    let nls: Record<string, string> | undefined;
    for (const c of commands) {
      if (typeof c.command !== 'string' || typeof c.title !== 'string') continue;
      let title = c.title;
      const key = /^%(.+)%$/.exec(title)?.[1];
      if (key) {
        nls ??= JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
        title = nls[key] ?? c.command;
      }
      map.set(c.command, title.replace(/…$/, ''));
    }
  } catch {
    // No manifest to read (a test host): the ids alone.
  }
  return { map, rowless };
}

export function registerCommands(s: Services, specs: readonly CommandSpec[]): vscode.Disposable[] {
  const seen = new Set<string>();
  let named: ReturnType<typeof titles> | undefined;
  const nameOf = (id: string) => {
    named ??= titles(s);
    const title = named.map.get(id);
    return title ? `${title} [${id}]` : id;
  };
  // A double click on an inline button ran the command twice (two Test Connection results that
  // contradicted each other): while a command runs on a row, another click on it is ignored.
  const running = new Set<string>();
  return specs.map((spec) => {
    // eslint-disable-next-line neon/no-unlocalized-ui-string -- a programming error caught by the tests, never shown
    if (seen.has(spec.id)) throw new Error(`Command ${spec.id} is registered twice`);
    seen.add(spec.id);
    const invoke = async (args: unknown[], earlier?: Answers): Promise<unknown> => {
      const row = REPEATABLE.has(spec.id) ? undefined : rowOf(args[0]);
      const key = row && `${spec.id}\n${row}`;
      if (key && running.has(key)) {
        s.log.info(`${nameOf(spec.id)} is already running on this item; the second click is ignored`);
        return undefined;
      }
      if (key) running.add(key);
      try {
        return await invokeOnce(args, earlier);
      } finally {
        if (key) running.delete(key);
      }
    };
    /** `earlier`: on Retry, the answers the failed run got, offered again (./answerReplay). */
    const invokeOnce = async (args: unknown[], earlier?: Answers): Promise<unknown> => {
      const started = Date.now();
      const recording = recordAnswers(s.prompt, earlier);
      const watch = watchPrompts(recording.prompt);
      // A Cancel that came after a write was sent is said in the command's next message, not a toast of its own.
      const late = carryLateCancel(watch.prompt);
      const run: Services = { ...s, prompt: late.prompt, cancelledLate: late.note };
      /** `text` with the late Cancel's clause when no message of the command has said it yet. */
      /** The late Cancel said on its own when the command ended without a message to carry it. */
      const sayLateAlone = () => {
        const note = late.unsaid();
        if (note !== undefined) void s.prompt.message('info', lateCancelAlone(note.title, note.phase), {}).then(() => undefined, () => undefined);
      };
      const saidLate = (text: string) => {
        const note = late.unsaid();
        return note === undefined ? text : withLateCancel(text, note.phase);
      };
      const took = () => {
        const now = Date.now();
        const waited = watch.waitedMs(now);
        return `${formatMs(now - started - waited)}${waited > 0 ? vscode.l10n.t(', not counting {0} of questions', formatMs(waited)) : ''}`;
      };
      // The row it runs on (walk 38: "▶ Refresh" did not say which), by name (walk 39: ids made long lines).
      const title = nameOf(spec.id);
      const on = named?.rowless.has(spec.id) ? undefined : rowNames(args[0]);
      s.log.info(`▶ ${title}${on ? ` on ${on}` : ''}`);
      try {
        const result = await spec.run(run, ...args);
        // A command that returns nothing (or "cancelled") right after a dismissed question was cancelled.
        const cancelled = watch.endedOnDismissal && (result === undefined || result === false || result === 'cancelled');
        s.log.info(cancelled ? `✗ ${nameOf(spec.id)} cancelled (${took()})` : `✓ ${nameOf(spec.id)} (${took()})`);
        if (!cancelled) s.walkthrough?.commandDone(spec.id);
        sayLateAlone();
        return result;
      } catch (err) {
        if (isRefusalBeforeChange(err)) {
          // Nothing was tried: a warning in the refusal's own words, no "Couldn't …", Retry or Show Log.
          s.log.info(`✗ ${nameOf(spec.id)} refused (${took()}): ${err.message}`);
          const actions = err.actions ?? [];
          void s.prompt.message('warning', saidLate(err.message), {}, ...actions.map((a) => a.label)).then(
            (choice) => actions.find((a) => a.label === choice)?.run(),
            () => undefined,
          );
          return undefined;
        }
        const failure = describeFailure(spec.action, err, args[0]);
        if (failure.cancelled) {
          s.log.info(`✗ ${nameOf(spec.id)} cancelled (${took()})`);
          sayLateAlone();
          return undefined;
        }
        const { gone } = failure;
        const message = saidLate(failure.message);
        const actions = isActionableError(err) ? [...err.actions] : [];
        if (gone) {
          // Deleted elsewhere while the tree still showed it: show the list as it is now.
          s.tree.refresh(gone);
          // A linked .env that pointed at a branch now gone is marked (the status bar says so) and can be switched from here.
          const stale = failure.goneBranch ? await rarelyUsed().afterBranchesDeleted(failure.goneBranch.projectId, [{ id: failure.goneBranch.branchId, name: failure.goneBranch.branchName }]).catch(() => []) : [];
          if (stale[0]) actions.push({ label: vscode.l10n.t('Switch .env to Another Neon Branch…'), run: () => vscode.commands.executeCommand(CommandIds.switchEnvBranch, undefined, stale[0]) });
          actions.push({ label: vscode.l10n.t('Refresh'), run: () => s.tree.refresh(gone) });
        }
        if (failure.maybeApplied) {
          // The change may have been made: the rows it would show in are read again at once (a
          // Retry should not make it twice), and Refresh reads them again later.
          const { part } = failure.maybeApplied;
          if (part) s.tree.refresh(part);
          actions.push({ label: vscode.l10n.t('Refresh'), run: () => s.tree.refresh(part) });
        }
        s.log.error(`${nameOf(spec.id)} failed (${took()}): ${message}`);
        const accountId = isAccountRef(args[0]) ? args[0].accountId : undefined;
        if (failure.authRejected && accountId) await s.accounts.markRejected(accountId, true).catch(() => undefined);
        // The account row turns "Offline" and the probe brings the tree back when the API answers.
        if (accountId) s.offline?.report(accountId, err);
        const buttons = [
          ...actions.map((a) => a.label),
          // An actionable failure names its own remedy; sending the same thing again would not help.
          ...(failure.retryable && !isActionableError(err) ? [vscode.l10n.t('Retry')] : []),
          ...(failure.authRejected && accountId ? [vscode.l10n.t('Update Key')] : []),
          vscode.l10n.t('Show Log'),
        ];
        // Not awaited: the command settles now; the buttons act whenever the user clicks.
        void s.prompt.message('error', message, {}, ...buttons).then(
          (choice) => {
            const action = actions.find((a) => a.label === choice);
            if (action) return action.run();
            if (choice === vscode.l10n.t('Retry')) return invoke(args, recording.answers);
            if (choice === vscode.l10n.t('Update Key')) return vscode.commands.executeCommand(CommandIds.updateAccountKey, { accountId });
            if (choice === vscode.l10n.t('Show Log')) s.log.show();
            return undefined;
          },
          () => undefined,
        );
        return undefined;
      }
    };
    return vscode.commands.registerCommand(spec.id, (...args: unknown[]) => invoke(args));
  });
}
