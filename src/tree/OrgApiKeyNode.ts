import type * as vscode from 'vscode';
import type { OrgApiKey } from '../api';
import { Leaf, OrgPartNode, day, icon, item, markdownTooltip, spoken } from './node';
import type { OrgFolderNode } from './OrgFolderNode';
import type { OrgApiKeyRef } from './refs';
import * as l10n from '@vscode/l10n';

export class OrgApiKeyNode extends OrgPartNode implements OrgApiKeyRef {
  readonly id: string;
  readonly keyId: number;
  readonly keyName: string;

  constructor(
    readonly parent: OrgFolderNode,
    readonly data: OrgApiKey,
    /** The name of the project the key is scoped to, when known. */
    readonly projectName?: string,
  ) {
    super(parent);
    this.keyId = data.id;
    this.keyName = data.name;
    this.id = `${parent.id}/key/${data.id}`;
  }

  get scopeProject(): string | undefined {
    return this.data.project_id ? this.projectName ?? this.data.project_id : undefined;
  }

  get creator(): string | undefined {
    const c = this.data.created_by;
    return (typeof c === 'string' ? c : c?.name ?? c?.id) ?? undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const k = this.data;
    const lastUsed = day(k.last_used_at);
    const parts = [
      this.creator ? `by ${this.creator}` : undefined,
      lastUsed ? l10n.t('last used {0}', lastUsed) : l10n.t('never used'),
      k.project_id ? `project ${this.projectName ?? k.project_id}` : undefined,
    ];
    return item(k.name, Leaf, {
      contextValue: 'orgApiKey',
      description: parts.filter(Boolean).join(' · '),
      accessibilityInformation: spoken(l10n.t('API key {0}', k.name), ...parts),
      iconPath: icon('key', k.project_id ? 'charts.orange' : undefined),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const k = this.data;
    const lastUsed = day(k.last_used_at);
    return markdownTooltip(k.name, [
      [l10n.t('Key id'), k.id],
      [l10n.t('Created'), day(k.created_at)],
      [l10n.t('Created by'), this.creator],
      [l10n.t('Last used'), k.last_used_at ? `${lastUsed}${k.last_used_from_addr ? ` from ${k.last_used_from_addr}` : ''}` : 'never'],
      [l10n.t('Scope'), k.project_id ? `project ${this.projectName ? `${this.projectName} (${k.project_id})` : k.project_id}` : l10n.t('whole organization')],
    ]);
  }
}
