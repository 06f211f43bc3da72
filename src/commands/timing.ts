// What one command run spent waiting for the person, so the log's duration is the work's (API
// calls, file writes), not the person's thinking time; and whether the run ended on a dismissed
// question (Escape, a closed dialog), which the log calls "cancelled", not ✓.
import type * as vscode from 'vscode';
import type { InputOptions, MessageKind, PickItem, Prompter } from '../ui/prompt';

export interface PromptWatch {
  /** The prompter to give the command: the same questions, timed. */
  readonly prompt: Prompter;
  /** Milliseconds during which at least one question was open, up to `until`. */
  waitedMs(until?: number): number;
  /** The last question the command waited for was dismissed (it answered undefined). */
  readonly endedOnDismissal: boolean;
}

/**
 * Wraps `inner`: inputs, picks, save dialogs, modal messages and the open-website question are
 * questions (the command waits for them); notifications are not.
 */
export function watchPrompts(inner: Prompter): PromptWatch {
  const spans: Array<[number, number | undefined]> = [];
  let dismissed = false;
  const ask = async <T>(q: () => Promise<T>, isDismissal: (v: T) => boolean = (v) => v === undefined): Promise<T> => {
    const span: [number, number | undefined] = [Date.now(), undefined];
    spans.push(span);
    try {
      const v = await q();
      dismissed = isDismissal(v);
      return v;
    } finally {
      span[1] = Date.now();
    }
  };
  const prompt: Prompter = {
    input: (o: InputOptions) => ask(() => inner.input(o)),
    pick: <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions & { canPickMany?: false }) => ask(() => inner.pick(items, o)),
    pickMany: <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions) => ask(() => inner.pickMany(items, o)),
    message: (kind: MessageKind, text: string, o: { modal?: boolean; detail?: string }, ...buttons: string[]) =>
      o.modal ? ask(() => inner.message(kind, text, o, ...buttons)) : inner.message(kind, text, o, ...buttons),
    saveDialog: (o: vscode.SaveDialogOptions) => ask(() => inner.saveDialog(o)),
    openExternal: (uri: vscode.Uri) => ask(() => inner.openExternal(uri), (ok) => !ok),
  };
  return {
    prompt,
    get endedOnDismissal() {
      return dismissed;
    },
    waitedMs(until = Date.now()) {
      // The union of the open spans (questions may overlap), clipped to `until`.
      const sorted = spans.map(([a, b]) => [a, Math.min(b ?? until, until)] as const).sort((x, y) => x[0] - y[0]);
      let total = 0;
      let end = -Infinity;
      for (const [a, b] of sorted) {
        const from = Math.max(a, end);
        if (b > from) total += b - from;
        end = Math.max(end, b);
      }
      return total;
    },
  };
}

/** "1.2 s" or "340 ms". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
