import * as vscode from 'vscode';
import { redact } from '../util/redact';
import { StepBack } from './steps';

/**
 * Every question the extension asks a person, and every message it shows, goes through this one
 * seam. In normal use it calls VS Code's window API; the test seam (src/testing) supplies a
 * script of answers instead, so no test waits for a person, and records what was shown.
 */
export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
  /**
   * A codicon drawn before the label (`'git-branch'`). Set here rather than as `$(git-branch)` in
   * the label, which screen readers read out as the icon's name; and as a name, so the command
   * modules that build picks need no `vscode` import (their unit tests load them in Node).
   */
  icon?: string;
}

/** The items as VS Code draws them: each `icon` becomes its `iconPath`. Mutated, not copied, so the chosen item is the caller's own. */
function withIcons<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>): Promise<PickItem<T>[]> {
  return Promise.resolve(items).then((list) => {
    for (const i of list) if (i.icon && !i.iconPath) i.iconPath = new vscode.ThemeIcon(i.icon);
    return list;
  });
}

export type MessageKind = 'info' | 'warning' | 'error';

/**
 * `back: true` on a step of a multi-step dialog (not its first) shows VS Code's Back button;
 * pressing it makes `input`/`pick` throw a StepBack, which `runSteps` (./steps) turns into the
 * step before. A pick with `back` shows the item marked `picked` as the active one.
 */
export interface StepOptions {
  back?: boolean;
  /** A pick without Back shows its item marked `picked` as the active one too (a retried question). */
  showPicked?: boolean;
}

export interface InputOptions extends vscode.InputBoxOptions, StepOptions {
  /**
   * A check run only on Enter, after `validateInput` passed: what is refused here gets no message
   * while it is typed (the prompt stays readable), only when it is sent.
   */
  validateOnAccept?: (value: string) => string | undefined;
}

export interface MessageOptions {
  modal?: boolean;
  detail?: string;
  close?: string;
}

export interface Prompter {
  input(options: InputOptions): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions & StepOptions & { canPickMany?: false }): Promise<PickItem<T> | undefined>;
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions): Promise<PickItem<T>[] | undefined>;
  /**
   * A notification (or a modal when `modal` is set). Resolves to the chosen button. `close` names a
   * modal's dismiss button when it only shows something (Close, where VS Code writes Cancel).
   */
  message(kind: MessageKind, text: string, options: MessageOptions, ...buttons: string[]): Promise<string | undefined>;
  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** Opens a URL outside VS Code; false when the person declined VS Code's "open external website?" question. */
  openExternal(uri: vscode.Uri): Promise<boolean>;
}

export class WindowPrompter implements Prompter {
  input({ back, validateOnAccept, ...options }: InputOptions) {
    // showInputBox accepts whatever its validation lets through: a check on Enter needs our own box.
    // It also shows its first value's validation only once the value changes (walk 23: a refused
    // key came back without its reason), and our box shows it at once.
    if (back || validateOnAccept || (options.value && options.validateInput)) return inputWithBack(options, !!back, validateOnAccept);
    return Promise.resolve(vscode.window.showInputBox({ ignoreFocusOut: true, ...options }));
  }
  pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, { back, showPicked, ...options }: vscode.QuickPickOptions & StepOptions) {
    if (back || showPicked) return pickWithBack(withIcons(items), options, !!back);
    return Promise.resolve(vscode.window.showQuickPick(withIcons(items), { ignoreFocusOut: true, ...options, canPickMany: false }));
  }
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions) {
    return Promise.resolve(vscode.window.showQuickPick(withIcons(items), { ignoreFocusOut: true, ...options, canPickMany: true }));
  }
  message(kind: MessageKind, text: string, options: MessageOptions, ...buttons: string[]) {
    const show =
      kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const shown = { modal: options.modal, detail: options.detail && redact(options.detail) };
    if (!options.close) return Promise.resolve(show(redact(text), shown, ...buttons));
    const items: vscode.MessageItem[] = [...buttons.map((title) => ({ title })), { title: options.close, isCloseAffordance: true }];
    return Promise.resolve(show(redact(text), shown, ...items)).then((chosen) => (chosen?.isCloseAffordance ? undefined : chosen?.title));
  }
  saveDialog(options: vscode.SaveDialogOptions) {
    return Promise.resolve(vscode.window.showSaveDialog(options));
  }
  openExternal(uri: vscode.Uri) {
    return Promise.resolve(vscode.env.openExternal(uri));
  }
}

// showInputBox and showQuickPick have no buttons: a step with Back is built from createInputBox /
// createQuickPick, which VS Code leaves to the caller to wire (validation, accept, hide).

/**
 * A quick input with a Back button that settles its promise once: Back rejects with StepBack,
 * hiding (Escape) resolves undefined, and hiding it after an answer does not turn that answer
 * into a cancel.
 */
function backable<T>(qi: vscode.QuickInput, resolve: (v: T | undefined) => void, reject: (e: unknown) => void, back = true) {
  let settled = false;
  const subs: vscode.Disposable[] = [];
  const finish = (f: () => void) => {
    if (settled) return;
    settled = true;
    for (const d of subs) d.dispose();
    qi.dispose();
    f();
  };
  qi.ignoreFocusOut = true;
  subs.push(
    qi.onDidHide(() => finish(() => resolve(undefined))),
    // A button's event is typed on InputBox and QuickPick, not on their common QuickInput.
    (qi as vscode.InputBox).onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) finish(() => reject(new StepBack()));
    }),
  );
  if (back) (qi as vscode.InputBox).buttons = [vscode.QuickInputButtons.Back];
  return { subs, finish, settled: () => settled };
}

function inputWithBack(o: vscode.InputBoxOptions, back = true, onAccept?: (value: string) => string | undefined): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.prompt = o.prompt;
    box.placeholder = o.placeHolder;
    box.value = o.value ?? '';
    if (o.valueSelection) box.valueSelection = o.valueSelection;
    box.password = !!o.password;
    const { subs, finish, settled } = backable(box, resolve, reject, back);
    // Only the answer to the latest value may set the message (validation may be async).
    let asked = 0;
    const check = async (value: string): Promise<boolean> => {
      const mine = ++asked;
      const problem = o.validateInput ? await o.validateInput(value) : undefined;
      if (mine === asked && !settled()) box.validationMessage = problem ?? undefined;
      return !problem || (typeof problem === 'object' && problem.severity !== vscode.InputBoxValidationSeverity.Error);
    };
    subs.push(
      box.onDidChangeValue((v) => void check(v)),
      box.onDidAccept(async () => {
        const value = box.value;
        box.busy = true;
        const ok = await check(value);
        box.busy = false;
        const refused = ok ? onAccept?.(value) : undefined;
        if (refused) box.validationMessage = refused;
        else if (ok) finish(() => resolve(value));
      }),
    );
    box.show();
    if (box.value) void check(box.value);
  });
}

function pickWithBack<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: vscode.QuickPickOptions, back = true): Promise<PickItem<T> | undefined> {
  return new Promise((resolve, reject) => {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    qp.title = o.title;
    qp.placeholder = o.placeHolder;
    qp.matchOnDescription = !!o.matchOnDescription;
    qp.matchOnDetail = !!o.matchOnDetail;
    const { subs, finish, settled } = backable(qp, resolve, reject, back);
    subs.push(
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        if (chosen) finish(() => resolve(chosen));
      }),
    );
    qp.busy = true;
    qp.show();
    Promise.resolve(items).then(
      (list) => {
        if (settled()) return;
        qp.items = list;
        const earlier = list.filter((i) => i.picked);
        if (earlier.length) qp.activeItems = earlier;
        qp.busy = false;
      },
      (e: unknown) => finish(() => reject(e)),
    );
  });
}
