// Retry's questions with the earlier answers in place (src/commands/answerReplay.ts), over a prompter that records what it was handed.
import assert from 'node:assert/strict';
import { recordAnswers } from '../../src/commands/answerReplay';
import type { PickItem, Prompter } from '../../src/ui/prompt';

interface Seen { kind: string; title?: string; value?: string; picked?: string[]; showPicked?: boolean }

/** A person who answers from a queue; what each question offered is kept. */
function person(answers: Array<string | string[] | undefined>): { prompt: Prompter; seen: Seen[] } {
  const seen: Seen[] = [];
  const next = () => answers.shift();
  const prompt: Prompter = {
    async input(o) {
      seen.push({ kind: 'input', title: o.title, ...(o.value !== undefined ? { value: o.value } : {}) });
      return next() as string | undefined;
    },
    async pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: { title?: string; showPicked?: boolean }) {
      const list = await items;
      seen.push({ kind: 'pick', title: o.title, picked: list.filter((i) => i.picked).map((i) => i.label), ...(o.showPicked ? { showPicked: true } : {}) });
      const a = next();
      return list.find((i) => i.label === a);
    },
    async pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, o: { title?: string }) {
      const list = await items;
      seen.push({ kind: 'pickMany', title: o.title, picked: list.filter((i) => i.picked).map((i) => i.label) });
      const a = next() as string[] | undefined;
      return a && list.filter((i) => a.includes(i.label));
    },
    message: async () => undefined,
    saveDialog: async () => undefined,
    openExternal: async () => true,
  };
  return { prompt, seen };
}

const items = (...labels: string[]): PickItem<string>[] => labels.map((l) => ({ label: l, value: l, ...(l === 'Never' ? { picked: true } : {}) }));

async function wizard(p: Prompter): Promise<void> {
  await p.pick(items('main', 'dev'), { title: 'Create Branch (1/4)' });
  await p.input({ title: 'Create Branch (2/4)' });
  await p.input({ title: 'Key', password: true });
  await p.pick(items('Never', 'In 1 day'), { title: 'Create Branch (3/4)', back: true } as never);
  await p.pickMany(items('a', 'b', 'c'), { title: 'Projects (4/4)' });
}

describe('commands: Retry asks again with the earlier answers in place', () => {
  it('each answer is in place the second time: the name typed, the item chosen active, the items ticked; a password is not kept', async () => {
    const first = person(['dev', 'my-branch', 'secret-key', 'In 1 day', ['a', 'c']]);
    const rec = recordAnswers(first.prompt);
    await wizard(rec.prompt);
    assert.deepEqual(first.seen.map((x) => x.picked ?? x.value ?? null), [[], null, null, ['Never'], []], 'the first time, only the defaults');
    assert.ok(![...rec.answers.values()].flat().includes('secret-key'), 'a password box\'s answer is not recorded');

    const second = person(['dev', 'my-branch', 'another-key', 'In 1 day', ['a', 'c']]);
    await wizard(recordAnswers(second.prompt, rec.answers).prompt);
    assert.deepEqual(second.seen, [
      { kind: 'pick', title: 'Create Branch (1/4)', picked: ['dev'], showPicked: true },
      { kind: 'input', title: 'Create Branch (2/4)', value: 'my-branch' },
      { kind: 'input', title: 'Key' },
      { kind: 'pick', title: 'Create Branch (3/4)', picked: ['In 1 day'], showPicked: true },
      { kind: 'pickMany', title: 'Projects (4/4)', picked: ['a', 'c'] },
    ]);
  });

  it('an answer no longer offered leaves the defaults; a question dismissed the first time has nothing in place', async () => {
    const first = person(['gone-branch', undefined]);
    const rec = recordAnswers(first.prompt);
    await rec.prompt.pick(items('gone-branch', 'main'), { title: 'Parent' });
    await rec.prompt.input({ title: 'Name' });
    const second = person(['main', 'x']);
    const again = recordAnswers(second.prompt, rec.answers).prompt;
    await again.pick(items('main', 'Never'), { title: 'Parent' });
    await again.input({ title: 'Name', value: 'suggested' });
    assert.deepEqual(second.seen, [
      { kind: 'pick', title: 'Parent', picked: ['Never'], showPicked: true },
      { kind: 'input', title: 'Name', value: 'suggested' },
    ]);
  });
});
