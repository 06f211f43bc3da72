import * as vscode from 'vscode';
import { isNeonApiError } from '../api';
import { CommandIds } from '../commands/ids';
import { redact } from '../util/redact';
import { Leaf, TreeNode, escapeMd, icon, item } from './node';
import { shownNoun } from './nouns';

/** The first sentence of what went wrong, short enough for a tree row. */
export function shortReason(err: unknown): string {
  const full = fullReason(err);
  const m = /^(.+?[.!?])(\s|$)/.exec(full);
  return (m ? m[1] : full).replace(/[.!?]$/, '');
}

export function fullReason(err: unknown): string {
  if (isNeonApiError(err)) return redact(err.userMessage());
  if (err instanceof Error) return redact(err.message);
  return redact(String(err));
}

/**
 * Text as Markdown with its web addresses as links. (appendText turns every space into &nbsp;, and
 * the autolinker then took "https://neonstatus.com. (request id …)" for one address.)
 */
function linkedText(text: string): string {
  return text
    .split(/(https:\/\/[^\s]*[^\s.,;:)])/)
    .map((part, i) => (i % 2 ? `[${escapeMd(part)}](${part})` : escapeMd(part)))
    .join('');
}

/**
 * "Couldn't load — Retry", the reason beside it: click to retry; right-click → Show Log. With
 * `stale`, reading them again failed and the rows shown before follow it: "Couldn't refresh — Retry".
 * Short, and the reason is the row's description: a row four levels deep has about 200 px in the
 * default side bar, which cut "Couldn't refresh branches — Retry" before "Retry". What was not
 * read starts the description ("roles: Neon had…"; a branch row holds roles and databases), and
 * the tooltip and screen readers say it in full.
 */
export class ErrorNode extends TreeNode {
  readonly id: string;
  readonly accountId: string;
  readonly requestId: string | undefined;
  constructor(
    readonly parent: TreeNode,
    readonly noun: string,
    readonly error: unknown,
    readonly stale = false,
  ) {
    super();
    this.accountId = parent.accountId;
    this.id = `${parent.id}/error`;
    this.requestId = isNeonApiError(error) ? error.requestId : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const label = this.stale ? vscode.l10n.t('Couldn\'t refresh — Retry') : vscode.l10n.t('Couldn\'t load — Retry');
    const what = this.stale ? vscode.l10n.t('Couldn\'t refresh {0} — Retry', shownNoun(this.noun)) : vscode.l10n.t('Couldn\'t load {0} — Retry', shownNoun(this.noun));
    return item(label, Leaf, {
      // What was not read first: cut at the side bar's edge, "roles: Ne…" still says it.
      description: vscode.l10n.t('{0}: {1}', shownNoun(this.noun), shortReason(this.error)),
      accessibilityInformation: { label: `${what}, ${shortReason(this.error)}` },
      contextValue: 'error',
      iconPath: icon('error', 'errorForeground'),
      command: { command: CommandIds.retryNode, title: vscode.l10n.t('Retry'), arguments: [this] },
    });
  }

  /** The whole reason, the request id and Show Log. */
  override tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [CommandIds.showLog, CommandIds.retryNode] };
    const title = this.stale ? vscode.l10n.t('Couldn\'t refresh {0}', shownNoun(this.noun)) : vscode.l10n.t('Couldn\'t load {0}', shownNoun(this.noun));
    md.appendMarkdown(`**${title}**\n\n`);
    const reason = fullReason(this.error);
    md.appendMarkdown(linkedText(reason));
    if (this.stale) md.appendMarkdown(`\n\n${escapeMd(vscode.l10n.t('The rows below are the ones shown before; they may have changed since.'))}`);
    // The API's sentence may already end with it.
    if (this.requestId && !reason.includes(this.requestId)) md.appendMarkdown(vscode.l10n.t('\n\nRequest id: `{0}`', this.requestId));
    md.appendMarkdown(vscode.l10n.t('\n\nClick to retry · [Show Log](command:{0})', CommandIds.showLog));
    return md;
  }
}
