// Long-running work under a progress notification, with VS Code's CancellationToken bridged to
// an AbortSignal that the API client understands; and the "change, wait for its operations,
// refresh only what changed" sequence every mutating command of a branch/project follows.
import * as vscode from 'vscode';
import { lateCancelAlone, type LatePhase } from './lateCancel';
import type { NeonClient, Operation } from '../api';
import type { RefreshTarget, Services } from '../services';
import { retryWhileLocked } from './retryLocked';
import { isCancelled, markAfterChange, markReadBeforeChange } from './failure';
import { countdown } from '../util/countdown';

export interface ProgressReporter {
  /** Replaces the message; `increment` is a percentage of the whole (0..100) as in VS Code. */
  report(update: { message?: string; increment?: number }): void;
}

/**
 * Runs `task` under a notification progress. When `cancellable`, the notification has a Cancel
 * button whose click aborts `signal` (pass it to every client call; check `signal.aborted`
 * between steps).
 *
 * The workbench keeps a notification progress on screen for at least 800 ms from the moment the
 * window starts it, even when the work ends sooner (workbench/services/progress/browser/
 * progressService.ts), and closes it only then. A result shown before that would sit under a
 * progress that says "waiting…". So the promise settles once the notification has closed.
 *
 * When the window started it is learnt, not guessed: right after the progress starts, a no-op
 * round trip to the window (a context key) is sent on the same ordered channel; its answer means
 * the window has started the progress and its 800 ms timer by then.
 */
export const WORKBENCH_PROGRESS_MIN_MS = 800;
const TIMER_SLACK_MS = 50;
const ACK_KEY = 'neonExplorer.progressShown';

/** The account's client as far as its 429 waits go (a NeonClient is one). */
export interface RateLimitSource {
  onRateLimit(listener: (wait: { until: number }) => void): () => void;
  readonly rateLimitedUntil: number;
}

export interface ProgressOptions {
  /**
   * The client of the account the work runs on: while Neon makes it wait (429 with Retry-After),
   * the notification says so and counts down, instead of only spinning; then its own message again.
   */
  readonly rateLimits?: RateLimitSource;
}

export async function withProgress<T>(title: string, cancellable: boolean, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>, options: ProgressOptions = {}): Promise<T> {
  let shownBy: Promise<number> | undefined;
  try {
    return await runProgress(title, cancellable, task, options, (ack) => {
      shownBy = ack;
    });
  } finally {
    // Also before a failure's message: it must not sit under the progress either.
    const since = await (shownBy ?? Promise.resolve(Date.now()));
    const left = since + WORKBENCH_PROGRESS_MIN_MS + TIMER_SLACK_MS - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
}

/**
 * Reads between a command's steps (before a picker or the command's own progress): no UI when they
 * end within `afterMs`, since a notification stays at least 800 ms and would slow the usual case;
 * past that, a cancellable notification says what is awaited, so a slow API never leaves the
 * screen blank. `task` gets the signal its requests should take.
 */
export async function withProgressIfSlow<T>(
  title: string,
  task: (signal: AbortSignal) => Promise<T>,
  options: ProgressOptions & { afterMs?: number; beforeChange?: string } = {},
): Promise<T> {
  const controller = new AbortController();
  const work = options.beforeChange === undefined ? task(controller.signal) : markReadBeforeChange(task(controller.signal), options.beforeChange);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = await Promise.race([
    work.then(() => false, () => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), options.afterMs ?? SLOW_READ_MS))),
  ]);
  clearTimeout(timer);
  if (!slow) return work;
  return withProgress(title, true, (_p, signal) => {
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    return work;
  }, options);
}
/** Past this, a read between steps is shown as waiting (a person notices a pause at about 0.3–0.5 s). */
const SLOW_READ_MS = 400;

function runProgress<T>(
  title: string,
  cancellable: boolean,
  task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>,
  options: ProgressOptions,
  onStarted: (windowAck: Promise<number>) => void,
): Promise<T> {
  // VS Code shows "title: message"; a title's own "…" before the colon reads as a stutter.
  title = title.replace(/…$/, '');
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (progress, token) => {
      // Sent after the progress's own start message: answered once the window has started it.
      onStarted(Promise.resolve(vscode.commands.executeCommand('setContext', ACK_KEY, true)).then(() => Date.now(), () => Date.now()));
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      const watched = watcher && { title, cancellable, messages: [] as string[], cancel: () => controller.abort() };
      const show = (u: { message?: string; increment?: number }) => {
        if (watched && u.message !== undefined) watched.messages.push(u.message);
        progress.report(u);
      };
      // The task's own last message, shown again when a 429 wait is over.
      let own = '';
      let waiting = false;
      const reporter: ProgressReporter = {
        report: (u) => {
          if (u.message !== undefined) own = u.message;
          // During a wait the countdown keeps the message; the task's increments still count.
          show(waiting ? { ...(u.increment !== undefined ? { increment: u.increment } : {}) } : u);
        },
      };
      const stopWaits = options.rateLimits
        ? sayRateLimitWaits(options.rateLimits, (seconds) => {
            waiting = seconds > 0;
            show({ message: waiting ? vscode.l10n.t("waiting {0} s: Neon limits this account's requests (429 Too Many Requests), then it goes on by itself", seconds) : own });
          })
        : undefined;
      if (watched) watcher?.started(watched);
      try {
        return await task(reporter, controller.signal);
      } finally {
        stopWaits?.();
        if (watched) watcher?.ended(watched);
        sub.dispose();
      }
    }),
  );
}

/**
 * Calls `say` with the whole seconds left of the account's 429 wait, each second while it lasts
 * (one already running included), and with 0 once it is over. Returns the unsubscribe.
 */
function sayRateLimitWaits(source: RateLimitSource, say: (seconds: number) => void): () => void {
  let shown = 0;
  const seconds = countdown(
    () => source.rateLimitedUntil,
    (left) => {
      if (left !== shown) say(left);
      shown = left;
    },
  );
  const unsubscribe = source.onRateLimit(() => seconds.restart());
  return () => {
    unsubscribe();
    seconds.dispose();
  };
}

/** A progress notification on screen, as a watcher sees it: its messages so far, and its Cancel. */
export interface ActiveProgress {
  readonly title: string;
  readonly cancellable: boolean;
  readonly messages: readonly string[];
  cancel(): void;
}

/** Told when a progress notification starts and ends. */
export interface ProgressWatcher {
  started(p: ActiveProgress): void;
  ended(p: ActiveProgress): void;
}

// A test host cannot click a notification's Cancel button: the test seam (src/testing) sets a
// watcher that lists the live notifications. None is set in a person's editor.
let watcher: ProgressWatcher | undefined;

/** Sets (or, with undefined, removes) the one progress watcher. */
export function watchProgress(w: ProgressWatcher | undefined): void {
  watcher = w;
}

export interface ChangeAndWait<R> {
  title: string;
  /** The subtree to re-read once done (only that one). */
  target: RefreshTarget;
  projectId: string;
  /** Sends the change; returns the API's answer, whose `operations` are waited for. */
  change: (signal: AbortSignal) => Promise<R & { operations?: readonly Operation[] }>;
  cancellable?: boolean;
  /** The message while the operations are waited for, instead of "waiting for N operations…". */
  waiting?: (operations: number) => string;
  /**
   * Cancel was pressed while the change was on its way to Neon, which made it: the command says
   * so itself (in its own result message). Without it, the command's next message starts with a
   * sentence saying so (one toast, not two), or that sentence is said alone when none follows.
   * `accepted`: Cancel came later still, while Neon finished the change it had accepted.
   */
  onCancelledLate?: (phase: LatePhase) => void;
}

/**
 * Sends a change (retrying on 423), waits under progress for the operations it started, then
 * refreshes only the touched subtree. The tree is refreshed even when waiting fails, since the
 * change itself was accepted.
 *
 * A Cancel before the change is sent sends nothing and ends the command quietly. One pressed
 * while it is on the wire cannot take it back (the client waits for its answer): the change
 * stands, so the command goes on with its follow-ups without waiting for the operations. So does
 * one pressed while its operations are waited for (walk 39: Create Database made the database and
 * said nothing): only the wait stops.
 */
export async function changeAndWait<R>(s: Services, client: NeonClient, c: ChangeAndWait<R>): Promise<R> {
  let late: LatePhase | undefined;
  const result = await withProgress(c.title, c.cancellable ?? true, async (progress, signal) => {
    const result = await retryWhileLocked(() => c.change(signal), {
      signal,
      onWait: () => progress.report({ message: vscode.l10n.t('waiting for another operation on the branch…') }),
    });
    if (signal.aborted) {
      late = 'sent';
      s.tree.refresh(c.target);
      return result;
    }
    try {
      const ops = (result.operations ?? []).filter((o) => o.status !== 'finished' && o.status !== 'skipped');
      if (ops.length > 0) {
        progress.report({ message: c.waiting ? c.waiting(ops.length) : ops.length === 1 ? vscode.l10n.t('waiting for 1 operation…') : vscode.l10n.t('waiting for {0} operations…', ops.length) });
        await markAfterChange(waitForOperationsLocked(client, c.projectId, ops, signal));
      }
    } catch (e) {
      if (!signal.aborted || !isCancelled(e)) throw e;
      late = 'accepted';
    } finally {
      s.tree.refresh(c.target);
    }
    return result;
  }, { rateLimits: client });
  if (late) {
    s.log.info(`Cancel came after ${late === 'sent' ? 'the request was sent' : 'Neon accepted the change'} (${c.title.replace(/…$/, '')}): the change stands, so the command goes on`);
    if (c.onCancelledLate) c.onCancelledLate(late);
    else if (s.cancelledLate) s.cancelledLate(c.title, late);
    else void s.prompt.message('info', lateCancelAlone(c.title, late), {});
  }
  return result;
}

/** `client.waitForOperations`, re-polling if an operation read answers 423. */
export function waitForOperationsLocked(client: NeonClient, projectId: string, ops: ReadonlyArray<Operation | string>, signal?: AbortSignal): Promise<Operation[]> {
  return retryWhileLocked(() => client.waitForOperations(projectId, ops, { signal }), { signal });
}

/** Waits under a progress notification for operations an earlier call returned, then refreshes `target`. */
export async function waitForOperationsWithProgress(
  s: Services,
  client: NeonClient,
  projectId: string,
  ops: ReadonlyArray<Operation | string>,
  target: RefreshTarget,
  title = vscode.l10n.t('Waiting for Neon…'),
): Promise<Operation[]> {
  try {
    if (ops.length === 0) return [];
    return await withProgress(title, true, (_p, signal) => markAfterChange(waitForOperationsLocked(client, projectId, ops, signal)), { rateLimits: client });
  } finally {
    s.tree.refresh(target);
  }
}
