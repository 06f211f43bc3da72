// A Cancel pressed after a write was sent cannot take it back (the request core keeps it on the
// wire), so the command goes on and ends with its own message. That message says the Cancel came
// too late, so the person sees one toast, not the command's beside a second one about the Cancel.
import * as vscode from 'vscode';
import type { InputOptions, MessageKind, MessageOptions, PickItem, Prompter, StepOptions } from '../ui/prompt';

export interface LateCancel {
  /** The prompter to give the command: its next message carries the note once one is taken. */
  readonly prompt: Prompter;
  /** changeAndWait: Cancel came after the request of `title` (its progress title) was sent. */
  note(title: string): void;
  /** The title of a note no message has carried yet, cleared; undefined when there is none. */
  unsaid(): string | undefined;
}

/** The clause the command's next message starts with. */
export function withLateCancel(text: string): string {
  return vscode.l10n.t('Cancel came after the request was sent to Neon, so the change was made. {0}', text);
}

/** The sentence said alone when the command ended without a message to carry it. */
export function lateCancelAlone(title: string): string {
  return vscode.l10n.t('{0}: Cancel came after the request was sent to Neon, so the change was made.', title.replace(/…$/, ''));
}

export function carryLateCancel(inner: Prompter): LateCancel {
  let pending: string | undefined;
  const prompt: Prompter = {
    input: (o: InputOptions) => inner.input(o),
    pick: <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions & StepOptions & { canPickMany?: false }) => inner.pick(items, o),
    pickMany: <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions) => inner.pickMany(items, o),
    message: (kind: MessageKind, text: string, o: MessageOptions, ...buttons: string[]) => {
      if (pending === undefined) return inner.message(kind, text, o, ...buttons);
      pending = undefined;
      return inner.message(kind, withLateCancel(text), o, ...buttons);
    },
    saveDialog: (o: vscode.SaveDialogOptions) => inner.saveDialog(o),
    openExternal: (uri: vscode.Uri) => inner.openExternal(uri),
  };
  return {
    prompt,
    note: (title) => {
      pending = title;
    },
    unsaid: () => {
      const title = pending;
      pending = undefined;
      return title;
    },
  };
}
