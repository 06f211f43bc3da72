// Retry on a failed command asks its questions again with the earlier answers in place: an input
// holds the text typed before, a pick has the item chosen before active, a multi-pick has the
// same items ticked. A create that met a 503 after five steps is then Enter, Enter, … away, not
// typed again; each answer can still be changed. Questions are matched by their title (a step's
// title carries its number, "Create Branch (2/5)"). Nothing secret is kept: a password box's
// answer is not recorded, and confirmations (modal messages) are always asked afresh.
import type { PickItem, Prompter } from '../ui/prompt';

/** The answers a command's questions got, by question. */
export type Answers = ReadonlyMap<string, string | readonly string[]>;

export interface Recording {
  readonly prompt: Prompter;
  readonly answers: Answers;
}

const inputKey = (title: string | undefined) => `input\n${title ?? ''}`;
const pickKey = (title: string | undefined) => `pick\n${title ?? ''}`;

export function recordAnswers(inner: Prompter, earlier: Answers = new Map()): Recording {
  const answers = new Map<string, string | readonly string[]>();
  const prompt: Prompter = {
    async input(o) {
      const before = o.password ? undefined : earlier.get(inputKey(o.title));
      const v = await inner.input(typeof before === 'string' ? { ...o, value: before } : o);
      if (v !== undefined && !o.password) answers.set(inputKey(o.title), v);
      return v;
    },
    async pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: Parameters<Prompter['pick']>[1]) {
      const before = earlier.get(pickKey(o.title));
      const offered = typeof before === 'string' ? Promise.resolve(items).then((list) => activate(list, (i) => i.label === before)) : items;
      const chosen = await inner.pick(offered, typeof before === 'string' ? { ...o, showPicked: true } : o);
      if (chosen) answers.set(pickKey(o.title), chosen.label);
      return chosen;
    },
    async pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: Parameters<Prompter['pickMany']>[1]) {
      const before = earlier.get(pickKey(o.title));
      const offered = Array.isArray(before) ? Promise.resolve(items).then((list) => activate(list, (i) => before.includes(i.label))) : items;
      const chosen = await inner.pickMany(offered, o);
      if (chosen) answers.set(pickKey(o.title), chosen.map((i) => i.label));
      return chosen;
    },
    message: (kind, text, o, ...buttons) => inner.message(kind, text, o, ...buttons),
    saveDialog: (o) => inner.saveDialog(o),
    openExternal: (uri) => inner.openExternal(uri),
  };
  return { prompt, answers };
}

/** The same items with `picked` on those chosen before (only when one of them is still offered). */
function activate<T>(list: PickItem<T>[], was: (i: PickItem<T>) => boolean): PickItem<T>[] {
  if (!list.some(was)) return list;
  return list.map((i) => ({ ...i, picked: was(i) }));
}
