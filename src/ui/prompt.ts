import * as vscode from 'vscode';
import { redact } from '../util/redact';

/**
 * Every question the extension asks a person, and every message it shows, goes through this one
 * seam. In normal use it calls VS Code's window API; the test seam (src/testing) supplies a
 * script of answers instead, so no test waits for a person, and records what was shown.
 */
export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export type MessageKind = 'info' | 'warning' | 'error';

export interface Prompter {
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions & { canPickMany?: false }): Promise<PickItem<T> | undefined>;
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions): Promise<PickItem<T>[] | undefined>;
  /** A notification (or a modal when `modal` is set). Resolves to the chosen button. */
  message(kind: MessageKind, text: string, options: { modal?: boolean; detail?: string }, ...buttons: string[]): Promise<string | undefined>;
  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** Opens a URL outside VS Code; false when the person declined VS Code's "open external website?" question. */
  openExternal(uri: vscode.Uri): Promise<boolean>;
}

export class WindowPrompter implements Prompter {
  input(options: vscode.InputBoxOptions) {
    return Promise.resolve(vscode.window.showInputBox({ ignoreFocusOut: true, ...options }));
  }
  pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions) {
    return Promise.resolve(vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: false }));
  }
  pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions) {
    return Promise.resolve(vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true }));
  }
  message(kind: MessageKind, text: string, options: { modal?: boolean; detail?: string }, ...buttons: string[]) {
    const show =
      kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(redact(text), { modal: options.modal, detail: options.detail && redact(options.detail) }, ...buttons));
  }
  saveDialog(options: vscode.SaveDialogOptions) {
    return Promise.resolve(vscode.window.showSaveDialog(options));
  }
  openExternal(uri: vscode.Uri) {
    return Promise.resolve(vscode.env.openExternal(uri));
  }
}
