import { strict as assert } from 'assert';
import { formatMs, watchPrompts } from '../../src/commands/timing';
import type { Prompter } from '../../src/ui/prompt';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A person who takes `ms` to answer each question, answering `answer`. */
function person(ms: number, answer: unknown): Prompter {
  const slow = async () => {
    await sleep(ms);
    return answer as never;
  };
  return { input: slow, pick: slow, pickMany: slow, message: slow, saveDialog: slow, openExternal: slow } as unknown as Prompter;
}

describe('commands: the time a command waited for the person', () => {
  it('counts questions (inputs, picks, modals), not notifications, and not the work between them', async () => {
    const w = watchPrompts(person(120, 'x'));
    const started = Date.now();
    await w.prompt.input({});
    await sleep(100); // "API work"
    await w.prompt.message('info', 'modal?', { modal: true }, 'OK');
    await w.prompt.message('info', 'a toast', {}); // not a question
    const total = Date.now() - started;
    const waited = w.waitedMs();
    assert.ok(waited >= 230 && waited < 330, `waited ${waited} ms (two questions of 120 ms)`);
    assert.ok(total - waited >= 100 && total - waited < 260, `work ${total - waited} ms: the 100 ms between and the toast, not the questions`);
  });

  it('overlapping questions count once; an open question counts up to now', async () => {
    const w = watchPrompts(person(200, 'x'));
    const a = w.prompt.pick([], {});
    const b = w.prompt.input({});
    await sleep(50);
    const mid = w.waitedMs();
    assert.ok(mid >= 45 && mid < 120, `mid ${mid}`);
    await Promise.all([a, b]);
    const all = w.waitedMs();
    assert.ok(all >= 195 && all < 300, `overlap counted once: ${all}`);
  });

  it('ends on a dismissal when the last question answered undefined (or the browser was declined)', async () => {
    const dismissing = watchPrompts(person(0, undefined));
    await dismissing.prompt.input({});
    assert.equal(dismissing.endedOnDismissal, true);
    const answering = watchPrompts(person(0, 'yes'));
    await answering.prompt.pick([], {});
    assert.equal(answering.endedOnDismissal, false);
    const declined = watchPrompts(person(0, false));
    await declined.prompt.openExternal({} as never);
    assert.equal(declined.endedOnDismissal, true);
    // A notification left unanswered is not a dismissal of a question.
    const toast = watchPrompts(person(0, undefined));
    await toast.prompt.message('info', 'done', {});
    assert.equal(toast.endedOnDismissal, false);
  });

  it('formats durations for the log', () => {
    assert.equal(formatMs(340.4), '340 ms');
    assert.equal(formatMs(4210), '4.2 s');
  });
});
