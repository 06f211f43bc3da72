import { strict as assert } from 'assert';
import { formatMs, watchPrompts } from '../../src/commands/timing';
import type { Prompter } from '../../src/ui/prompt';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A person who takes `ms` to answer each question (a toast stays `toastMs` before it goes), answering `answer`. */
function person(ms: number, answer: unknown, toastMs = ms): Prompter {
  const after = (wait: number) => async () => {
    await sleep(wait);
    return answer as never;
  };
  const slow = after(ms);
  const message = (_k: unknown, _t: unknown, o: { modal?: boolean }) => (o.modal ? slow() : after(toastMs)());
  return { input: slow, pick: slow, pickMany: slow, message, saveDialog: slow, openExternal: slow } as unknown as Prompter;
}

describe('commands: the time a command waited for the person', () => {
  it('counts questions (inputs, picks, modals), not notifications, and not the work between them', async () => {
    // Bounds hold on a loaded machine: timers only fire late, and the toast (700 ms) is far longer
    // than a late question, so counting it would show.
    const w = watchPrompts(person(120, 'x', 700));
    const started = Date.now();
    await w.prompt.input({});
    await sleep(100); // "API work"
    await w.prompt.message('info', 'modal?', { modal: true }, 'OK');
    await w.prompt.message('info', 'a toast', {}); // not a question
    const total = Date.now() - started;
    const waited = w.waitedMs();
    assert.ok(waited >= 230 && waited < 700, `waited ${waited} ms (two questions of 120 ms, not the 700 ms toast)`);
    // 800 ms less a few: Node's timers may fire a millisecond before Date.now() shows their delay
    // (a CI run measured 799); counting the toast as waiting would leave about 100.
    assert.ok(total - waited >= 780, `work ${total - waited} ms: the 100 ms between and the 700 ms toast, not the questions`);
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
