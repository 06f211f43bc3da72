// A Cancel pressed after a write was sent cannot take it back (the request core keeps it on the
// wire), so the command goes on and ends with its own message. That message says the Cancel came
// too late, so the person sees one toast, not the command's beside a second one about the Cancel.
import * as vscode from 'vscode';
import type { InputOptions, MessageKind, MessageOptions, PickItem, Prompter, StepOptions } from '../ui/prompt';

/** When the Cancel came: while the request was on its way (`sent`), or while Neon finished the change it had accepted. */
export type LatePhase = 'sent' | 'accepted';

export interface LateCancel {
  /** The prompter to give the command: its next message carries the note once one is taken. */
  readonly prompt: Prompter;
  /** changeAndWait: Cancel came after the request of `title` (its progress title) was sent. */
  note(title: string, phase: LatePhase): void;
  /** The note no message has carried yet, cleared; undefined when there is none. */
  unsaid(): { title: string; phase: LatePhase } | undefined;
}

/** The clause the command's next message starts with. */
export function withLateCancel(text: string, phase: LatePhase): string {
  return phase === 'sent'
    ? vscode.l10n.t('Cancel came after the request was sent to Neon, so the change was made. {0}', text)
    : vscode.l10n.t('Cancel came after Neon had accepted the change, so it stands; Neon may take a little longer to finish it. {0}', text);
}

/** The sentence said alone when the command ended without a message to carry it. */
export function lateCancelAlone(title: string, phase: LatePhase): string {
  const what = title.replace(/…$/, '');
  return phase === 'sent'
    ? vscode.l10n.t('{0}: Cancel came after the request was sent to Neon, so the change was made.', what)
    : vscode.l10n.t('{0}: Cancel came after Neon had accepted the change, so it stands; Neon may take a little longer to finish it.', what);
}

export function carryLateCancel(inner: Prompter): LateCancel {
  let pending: { title: string; phase: LatePhase } | undefined;
  const prompt: Prompter = {
    input: (o: InputOptions) => inner.input(o),
    pick: <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions & StepOptions & { canPickMany?: false }) => inner.pick(items, o),
    pickMany: <T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions) => inner.pickMany(items, o),
    message: (kind: MessageKind, text: string, o: MessageOptions, ...buttons: string[]) => {
      if (pending === undefined) return inner.message(kind, text, o, ...buttons);
      const { phase } = pending;
      pending = undefined;
      return inner.message(kind, withLateCancel(text, phase), o, ...buttons);
    },
    saveDialog: (o: vscode.SaveDialogOptions) => inner.saveDialog(o),
    openExternal: (uri: vscode.Uri) => inner.openExternal(uri),
  };
  return {
    prompt,
    note: (title, phase) => {
      pending = { title, phase };
    },
    unsaid: () => {
      const note = pending;
      pending = undefined;
      return note;
    },
  };
}
