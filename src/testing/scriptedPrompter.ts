// The integration suite's person: answers from a script and records what was shown. Supplied by
// the test seam (./index.ts) as the extension's Prompter in the test host only.
import type * as vscode from 'vscode';
import type { InputOptions, MessageKind, MessageOptions, PickItem, Prompter, StepOptions } from '../ui/prompt';

/** What a scripted answer may be: a value, or a function choosing from what was offered. */
export type Answer =
  /** A function answers when it settles, as a person typing for a while. */
  | { input: string | undefined | (() => Promise<string | undefined>) }
  | { pick: string | ((items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined) | undefined }
  | { pickMany: string[] | ((items: vscode.QuickPickItem[]) => vscode.QuickPickItem[]) | undefined }
  | { button: string | undefined | (() => string | undefined | Promise<string | undefined>) }
  | { save: vscode.Uri | undefined }
  | { open: boolean }
  /** Escape on whatever is asked next (an input, a pick, a dialog, the open-website question). */
  | { dismiss: true }
  /** The Back button of the step asked next (an input or a pick shown with one). */
  | { back: true };

export interface Shown {
  kind: 'input' | 'pick' | 'pickMany' | MessageKind | 'save' | 'open';
  text: string;
  items?: string[];
  /** The codicon of each item offered (PickItem.icon, '' for none), in the same order. */
  icons?: string[];
  /** The descriptions of the items offered, in the same order. */
  descriptions?: string[];
  buttons?: string[];
  modal?: boolean;
  /** An input's or pick's placeholder (the suggestion it shows). */
  placeHolder?: string;
  /** An input's value when shown (what a step run again offers). */
  value?: string;
  /** The labels of a pick's items marked `picked` (the active one, in a step with Back). */
  picked?: string[];
  /** Shown with a Back button. */
  back?: boolean;
  /** An input's validation message as it opened (red, in place of its prompt). */
  validation?: string;
  /** A pick without Back that shows its `picked` item as the active one (StepOptions.showPicked). */
  showPicked?: boolean;
  /** A multi-select opened before its list was read (VS Code shows it empty, with OK, until the list arrives). */
  loading?: boolean;
  /** When it was shown (Date.now()). */
  at?: number;
}

/**
 * Test double for a person: answers from a queue and records everything shown. Messages that
 * are not modal and have no scripted answer resolve to undefined (the person ignored them).
 */
export class ScriptedPrompter implements Prompter {
  readonly shown: Shown[] = [];
  /** Everything ever shown, never cleared: the suite-wide secrets scan reads it at the end. */
  readonly history: Shown[] = [];
  private answers: Answer[] = [];
  /**
   * When set, a notification nobody answers never resolves, as a toast a person leaves open: a
   * command that awaits one would never end (tests set it to catch that).
   */
  holdNotifications = false;
  /**
   * When set, questions (inputs, picks) go to this prompter, the window's own, after being
   * recorded: a test then answers in the workbench's real quick input through the browser.
   */
  passThrough: Prompter | undefined;

  private record(s: Shown): void {
    s.at = Date.now();
    this.shown.push(s);
    this.history.push(s);
  }

  script(...answers: Answer[]): void {
    this.answers.push(...answers);
  }
  pending(): number {
    return this.answers.length;
  }
  reset(): void {
    this.answers = [];
    this.holdNotifications = false;
    this.passThrough = undefined;
    this.shown.length = 0;
  }

  private next<K extends string>(key: K, what: string, back = false): Answer | undefined {
    const answer = this.answers.shift();
    if (!answer) throw new Error(`ScriptedPrompter: no scripted answer for ${what}`);
    if ('dismiss' in answer) return { [key]: undefined } as unknown as Answer;
    if ('back' in answer) {
      if (!back) throw new Error(`ScriptedPrompter: Back was scripted but ${what} has no Back button`);
      // Branded as the extension's StepBack is (this seam is bundled apart from it).
      throw Object.assign(new Error('back'), { name: 'StepBack', stepBack: true });
    }
    if (!(key in answer)) throw new Error(`ScriptedPrompter: expected a "${Object.keys(answer)[0]}" answer but was asked ${key}: ${what}`);
    return answer;
  }

  async input(options: InputOptions) {
    this.record({
      kind: 'input',
      text: `${options.title ?? ''} ${options.prompt ?? ''}`.trim(),
      ...(options.placeHolder !== undefined ? { placeHolder: options.placeHolder } : {}),
      // A password box's value (an API key on Back) is a secret: recorded as such, never as text.
      ...(options.value !== undefined ? { value: options.password && options.value ? '(password)' : options.value } : {}),
      ...(options.back ? { back: true } : {}),
      // What the box says in red as it opens (VS Code validates the value it starts with).
      ...(options.value && options.validateInput ? { validation: validationText(await options.validateInput(options.value)) } : {}),
    });
    if (this.passThrough) return this.passThrough.input(options);
    const next = this.next('input', options.prompt ?? options.title ?? 'input', options.back) as { input: string | undefined | (() => Promise<string | undefined>) };
    const a = { input: typeof next.input === 'function' ? await next.input() : next.input };
    if (a.input !== undefined && (options.validateInput || options.validateOnAccept)) {
      // What is sent with Enter: validated as typed, then checked as sent.
      const text = validationText((await options.validateInput?.(a.input)) ?? options.validateOnAccept?.(a.input));
      if (text) throw new Error(`ScriptedPrompter: input "${a.input}" rejected by validation: ${text}`);
    }
    return a.input;
  }

  async pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions & StepOptions) {
    const list = await items;
    const picked = list.filter((i) => i.picked).map((i) => i.label);
    this.record({
      kind: 'pick',
      text: options.title ?? options.placeHolder ?? '',
      items: list.map((i) => i.label),
      descriptions: list.map((i) => i.description ?? ''),
      icons: list.map((i) => i.icon ?? ''),
      ...(options.placeHolder !== undefined ? { placeHolder: options.placeHolder } : {}),
      ...(picked.length ? { picked } : {}),
      ...(options.back ? { back: true } : {}),
      ...(options.showPicked ? { showPicked: true } : {}),
    });
    if (this.passThrough) return this.passThrough.pick(list, { ...options, canPickMany: false });
    const a = this.next('pick', options.title ?? options.placeHolder ?? 'pick', options.back) as { pick: Extract<Answer, { pick: unknown }>['pick'] };
    if (a.pick === undefined) return undefined;
    const chosen = typeof a.pick === 'function' ? a.pick(list) : list.find((i) => i.label === a.pick || i.label.includes(a.pick as string));
    if (!chosen) throw new Error(`ScriptedPrompter: "${String(a.pick)}" is not among ${JSON.stringify(list.map((i) => i.label))}`);
    return chosen as PickItem<T>;
  }

  async pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, options: vscode.QuickPickOptions) {
    const list = await items;
    this.record({ kind: 'pickMany', text: options.title ?? options.placeHolder ?? '', items: list.map((i) => i.label), ...(options.placeHolder !== undefined ? { placeHolder: options.placeHolder } : {}), ...(Array.isArray(items) ? {} : { loading: true }) });
    const a = this.next('pickMany', options.title ?? 'pickMany') as { pickMany: Extract<Answer, { pickMany: unknown }>['pickMany'] };
    if (a.pickMany === undefined) return undefined;
    const wanted = a.pickMany;
    return (typeof wanted === 'function' ? wanted(list) : list.filter((i) => wanted.includes(i.label))) as PickItem<T>[];
  }

  async message(kind: MessageKind, text: string, options: MessageOptions, ...buttons: string[]) {
    this.record({ kind, text: options.detail ? `${text}\n${options.detail}` : text, buttons: options.close ? [...buttons, options.close] : buttons, modal: options.modal });
    const head = this.answers[0];
    if (head && 'dismiss' in head && options.modal) {
      this.answers.shift();
      return undefined;
    }
    if (head && 'button' in head) {
      this.answers.shift();
      // A function answers at the moment the message shows (tests act "while the dialog is open").
      const chosen = typeof head.button === 'function' ? head.button() : head.button;
      // The close button dismisses, as the real dialog's close affordance does.
      return chosen !== undefined && chosen === options.close ? undefined : chosen;
    }
    if (options.modal) throw new Error(`ScriptedPrompter: no scripted button for modal "${text}"`);
    if (this.holdNotifications) return new Promise<undefined>(() => undefined);
    return undefined;
  }

  async saveDialog(options: vscode.SaveDialogOptions) {
    this.record({ kind: 'save', text: options.title ?? 'save' });
    return (this.next('save', 'save dialog') as { save: vscode.Uri | undefined }).save;
  }

  /** Nothing is launched; without a scripted `{ open }` answer the browser "opened". */
  async openExternal(uri: vscode.Uri) {
    this.record({ kind: 'open', text: uri.toString(true) });
    const head = this.answers[0];
    if (head && 'open' in head) {
      this.answers.shift();
      return head.open;
    }
    if (head && 'dismiss' in head) {
      this.answers.shift();
      return false;
    }
    return true;
  }
}

function validationText(problem: string | vscode.InputBoxValidationMessage | undefined | null): string | undefined {
  return (typeof problem === 'string' ? problem : problem?.message) || undefined;
}
