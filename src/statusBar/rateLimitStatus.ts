// While Neon makes an account's requests wait (a 429 with Retry-After, up to a minute), every view
// of that account only spins: the tree's progress bar, a command's notification, the consumption
// page. This status bar item says why and for how long (`$(watch) Neon: waiting 23 s`), counts
// down, and goes away when the wait is over or nothing waits any more (cancelled). The item is made on the first 429; activation only
// subscribes.
import * as vscode from 'vscode';
import type { AccountRateLimit } from '../services';
import { CommandIds } from '../commands/ids';
import { countdown, type Countdown } from '../util/countdown';

export interface RateLimitSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  /** The accounts that wait, by label. */
  accounts: string[];
}

export class RateLimitStatus implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private readonly waits = new Map<string, { label: string; until: number }>();
  private clock: Countdown | undefined;
  private readonly subscription: vscode.Disposable;
  snapshot: RateLimitSnapshot = { visible: false, text: '', tooltip: '', accounts: [] };

  constructor(onDidRateLimit: vscode.Event<AccountRateLimit>) {
    this.subscription = onDidRateLimit((w) => {
      // Stop Loading (or any cancel) ended every wait of the account: "waiting 7 s" would be untrue.
      if (w.idle) {
        if (this.waits.delete(w.accountId)) this.clock?.restart();
        return;
      }
      const known = this.waits.get(w.accountId);
      this.waits.set(w.accountId, { label: w.label, until: Math.max(known?.until ?? 0, w.until) });
      // Drawn again each time the whole seconds of the longest wait change, and hidden once over.
      if (this.clock) this.clock.restart();
      else this.clock = countdown(() => Math.max(0, ...[...this.waits.values()].map((x) => x.until)), (seconds) => this.update(seconds));
    });
  }

  private update(seconds: number): void {
    const now = Date.now();
    for (const [id, w] of this.waits) if (w.until <= now) this.waits.delete(id);
    if (seconds === 0 || this.waits.size === 0) {
      this.item?.hide();
      this.snapshot = { visible: false, text: '', tooltip: '', accounts: [] };
      return;
    }
    const labels = [...this.waits.values()].map((w) => w.label);
    const text = `$(watch) ${vscode.l10n.t('Neon: waiting {0} s', seconds)}`;
    const tooltip =
      labels.length === 1
        ? vscode.l10n.t('Neon answered 429 Too Many Requests for {0}. Its requests wait {1} s, as Neon asks, then go on by themselves: nothing needs doing. Select this item to open the log.', labels[0]!, seconds)
        : vscode.l10n.t('Neon answered 429 Too Many Requests for {0}. Their requests wait up to {1} s, as Neon asks, then go on by themselves: nothing needs doing. Select this item to open the log.', labels.join(', '), seconds);
    if (!this.item) {
      this.item = vscode.window.createStatusBarItem('neonExplorer.rateLimit', vscode.StatusBarAlignment.Left, 49);
      this.item.name = vscode.l10n.t('Neon rate limit');
      this.item.command = CommandIds.showLog;
    }
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: tooltip };
    this.item.show();
    this.snapshot = { visible: true, text, tooltip, accounts: labels };
  }

  dispose(): void {
    this.clock?.dispose();
    this.subscription.dispose();
    this.item?.dispose();
  }
}
