// Turns any thrown value into what the user is shown: one sentence saying what happened and what
// to do, the API's request id, and the buttons that help. Duck-typed over NeonApiError so it
// also copes with errors from VS Code or Node.
import { isLostAnswer } from '../api/errors';
import { redact } from '../util/redact';
import * as l10n from '@vscode/l10n';

export interface Failure {
  readonly message: string;
  readonly requestId?: string;
  readonly status?: number;
  readonly authRejected: boolean;
  readonly retryable: boolean;
  readonly cancelled: boolean;
  /** Set when the target (a project or branch the tree still shows) no longer exists: what to re-read. */
  readonly gone?: GoneTarget['refresh'];
  /** Set when the 404 says the branch itself is gone (not a role or database on it). */
  readonly goneBranch?: GoneTarget['branch'];
  /**
   * A change whose answer never came (the connection broke, or Neon did not answer in time): it
   * may have been made. `part` is the part of the tree it would show in, when the command was run
   * on a row; to be read again before anything is sent twice.
   */
  readonly maybeApplied?: { part?: ChangedPart };
}

/** Where a change made from a row shows: its account, and the org or project it was made in. */
export interface ChangedPart {
  accountId: string;
  orgId?: string;
  projectId?: string;
}

interface ApiErrorLike {
  status?: number;
  requestId?: string;
  kind?: string;
  method?: string;
  userMessage?: () => string;
  name?: string;
  message?: string;
  /** Set by withProgressIfSlow's `beforeChange`: what the command read before it would change anything. */
  readBeforeChange?: string;
  /** Set by markAfterChange: the change was accepted; what failed is the wait for it to finish. */
  afterChange?: boolean;
}

/** What went wrong, as a sentence for people: an API error's own (with its request id), else the error's message. */
export function errorSentence(err: unknown): string {
  const e = (err ?? {}) as ApiErrorLike;
  return (typeof e.userMessage === 'function' ? e.userMessage() : e.message ? String(e.message) : String(err)).trim();
}

/**
 * `sentence` without `clause` (as the sentence's language says it) and the joint before it: a
 * question that says its own "nothing is saved" drops Neon's. Matching the translated clause, not
 * an English pattern, so a German box does not say it twice.
 */
export function withoutClause(sentence: string, clause: string): string {
  const at = sentence.lastIndexOf(clause);
  if (!clause || at < 0) return sentence;
  return sentence.slice(0, at).replace(/[;,]?\s*(?:and\s+)?$/, '') + sentence.slice(at + clause.length);
}

/**
 * Marks the failure of a command's read before its change (withProgressIfSlow's `beforeChange`):
 * describeFailure then says what could not be read and that nothing was changed, which
 * "Couldn't create the branch: …" alone leaves open.
 */
export function markReadBeforeChange<T>(work: Promise<T>, what: string): Promise<T> {
  return marked(work, 'readBeforeChange', what);
}

/**
 * Marks a failure while following a change Neon accepted (its operations): the change was made,
 * so "Couldn't create the branch" would be wrong and a Retry would send it twice. describeFailure
 * says it was accepted and may still be in progress, with Refresh instead of Retry.
 */
export function markAfterChange<T>(work: Promise<T>): Promise<T> {
  return marked(work, 'afterChange', true);
}

/** `work`, whose failure (not a cancel) carries `key` for describeFailure; the first mark stays. */
function marked<T>(work: Promise<T>, key: 'readBeforeChange' | 'afterChange', value: string | boolean): Promise<T> {
  return work.catch((e: unknown) => {
    if (e && typeof e === 'object' && !isCancelled(e) && !(key in e)) Object.defineProperty(e, key, { value, enumerable: false });
    throw e;
  });
}

export function isCancelled(err: unknown): boolean {
  const e = err as ApiErrorLike | undefined;
  return !!e && (e.kind === 'cancelled' || e.name === 'AbortError' || e.name === 'Canceled' || e.name === 'CancellationError');
}

/**
 * A plain Error without a status or a code is a command's own refusal ("the only admin cannot be
 * removed", "role web_access has no password"): the same attempt fails the same way, so no Retry.
 * API, network, database and file errors are other classes or carry a status, a code or the
 * request id of the API answer they retell (a git switch that met 423 Locked, say).
 */
export function isRefusal(err: unknown): boolean {
  return err instanceof Error && Object.getPrototypeOf(err) === Error.prototype && !('status' in err) && !('code' in err) && !('requestId' in err);
}

/**
 * `target`: what the command acted on (the clicked node's ref), to name a 404 by what is gone.
 * `next`: a sentence of what to do now, said after the failure's own and before the request id.
 */
export function describeFailure(action: string, err: unknown, target?: unknown, next?: string): Failure {
  const e = (err ?? {}) as ApiErrorLike;
  const cancelled = isCancelled(err);
  const requestId = typeof e.requestId === 'string' ? e.requestId : undefined;
  const gone = goneTarget(err, target);
  let base = gone
    ? l10n.t('{0} no longer exists in Neon (404); it was deleted or moved elsewhere, e.g. in the Neon Console. The view now shows what is left; choose Refresh to read it again.', gone.what)
    : errorSentence(err);
  if (typeof e.readBeforeChange === 'string' && !cancelled && !gone) base = l10n.t('{0} could not be read, so nothing was changed. {1}', e.readBeforeChange, base);
  // API errors end their own sentence with the request id: keep one, at the very end.
  const rid = requestId ? l10n.t(' (request id {0})', requestId) : '';
  // As the sentence's language says it (a German sentence said it twice, walk 15), or in English.
  if (requestId) for (const said of [rid, ` (request id ${requestId})`]) base = base.split(said).join('').trim();
  const sentence = `${/[.!?]$/.test(base) ? base : `${base}.`}${next ? ` ${next}` : ''}`;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const part = changedPart(target);
  const accepted = e.afterChange === true && !cancelled;
  // A create whose answer was lost may have been made: sent again, it could be made twice (walk 18).
  const lostCreate = !cancelled && isLostAnswer(e) && String(e.method).toUpperCase() === 'POST';
  return {
    message: redact(
      accepted && e.kind === 'operationFailed'
        ? l10n.t('Neon accepted the request to {0}, but an operation it started did not finish ({1}). Refresh to see what was made before you try again.{2}', action, String(e.message ?? '').replace(/\.$/, ''), rid)
        : accepted
        ? l10n.t('Neon accepted the request to {0}, but waiting for it to finish failed: {1} It may still be in progress; Refresh shows it when Neon is done, and sending it again is not needed.{2}', action, sentence, rid)
        : l10n.t('Couldn\'t {0}: {1}{2}', action, sentence, rid),
    ),
    requestId,
    status,
    authRejected: status === 401 || e.kind === 'auth',
    retryable: !cancelled && !accepted && !lostCreate && !isRefusal(err) && (status === undefined || status === 423 || status === 429 || status >= 500 || e.kind === 'network' || e.kind === 'timeout'),
    cancelled,
    ...(gone ? { gone: gone.refresh } : {}),
    ...(gone?.branch ? { goneBranch: gone.branch } : {}),
    // Not when no connection was made (refused, no route): then nothing reached Neon.
    ...(accepted || (!cancelled && isLostAnswer(e))
      ? { maybeApplied: part ? { part } : {} }
      : {}),
  };
}

/**
 * The part of the tree a change made from `target` (a row's ref) shows in: the whole project for
 * anything made in it (a branch made from a branch row is that branch's sibling), else the org.
 */
function changedPart(target: unknown): ChangedPart | undefined {
  const r = (target ?? {}) as RefLike;
  if (typeof target !== 'object' || typeof r.accountId !== 'string') return undefined;
  if (typeof r.projectId === 'string') return { accountId: r.accountId, projectId: r.projectId };
  if (typeof r.orgId === 'string') return { accountId: r.accountId, orgId: r.orgId };
  return { accountId: r.accountId };
}

/** A button on a failure message and what it does. */
export interface FailureAction {
  readonly label: string;
  run(): unknown;
}

/** A failure that already is a full sentence and brings its own buttons (e.g. "Open Settings"). */
export class ActionableError extends Error {
  constructor(
    message: string,
    readonly actions: readonly FailureAction[],
  ) {
    super(message);
  }
  userMessage(): string {
    return this.message;
  }
}

export const isActionableError = (e: unknown): e is ActionableError => e instanceof ActionableError;

/**
 * A command's refusal found before it changed or sent anything (you are a member, not an admin),
 * or Neon's refusal that changed nothing and that the command explains the same way (the only
 * admin, when the member list it checked was stale): said as a warning in its own words, not "Couldn't …" as a failure, and with nothing to retry or log.
 */
export class Refusal extends Error {
  // Marked, not told by instanceof: dist/rarelyUsed.js bundles its own copy of this class.
  readonly refusedBeforeChange = true;
  /** `actions`: the way on, as buttons of the warning (e.g. "Link Folder to Neon Project…"). */
  constructor(
    message: string,
    readonly actions: readonly FailureAction[] = [],
  ) {
    super(message);
  }
}

export const isRefusalBeforeChange = (e: unknown): e is Refusal => e instanceof Error && (e as Partial<Refusal>).refusedBeforeChange === true;

interface RefLike {
  accountId?: unknown;
  orgId?: unknown;
  projectId?: unknown;
  projectName?: unknown;
  branchId?: unknown;
  branchName?: unknown;
  roleName?: unknown;
  databaseName?: unknown;
}

/**
 * A 404 on a project, branch, role or database the tree still shows: it was deleted (or moved)
 * elsewhere, e.g. in the Neon Console. Says so by name, and which part of the tree to read again.
 */
interface GoneTarget {
  what: string;
  refresh: { accountId: string; orgId: string; part: 'projects' } | { accountId: string; projectId?: string };
  /** Only when Neon's message says the branch is what it could not find. */
  branch?: { projectId: string; branchId: string; branchName: string };
}

/** What Neon's 404 message says it could not find ("role web_access not found"), when it names it first. */
function notFoundKind(err: unknown): 'project' | 'branch' | 'role' | 'database' | 'endpoint' | undefined {
  const m = /^\s*(?:the\s+)?(project|branch|role|database|endpoint)\b/i.exec(String((err as ApiErrorLike | undefined)?.message ?? ''));
  return m ? (m[1]!.toLowerCase() as 'project') : undefined;
}

export function goneTarget(err: unknown, arg: unknown): GoneTarget | undefined {
  const e = (err ?? {}) as ApiErrorLike;
  if (e.status !== 404 || typeof arg !== 'object' || arg === null) return undefined;
  const r = arg as RefLike;
  if (typeof r.accountId !== 'string' || typeof r.projectId !== 'string') return undefined;
  const kind = notFoundKind(err);
  const project = typeof r.projectName === 'string' ? r.projectName : r.projectId;
  const inProject = { accountId: r.accountId, projectId: r.projectId };
  const projectGone = {
    what: l10n.t('The project {0}', project),
    refresh: typeof r.orgId === 'string' ? { accountId: r.accountId, orgId: r.orgId, part: 'projects' as const } : { accountId: r.accountId },
  };
  if (kind === 'project') return projectGone;
  if (typeof r.branchId !== 'string') return kind === undefined ? projectGone : undefined;
  const branch = typeof r.branchName === 'string' ? r.branchName : r.branchId;
  // A role or database the command acted on; one it did not name (the .env's, say) is no target: the API's sentence is said.
  if (kind === 'role') return typeof r.roleName === 'string' ? { what: l10n.t('The role {0} on branch {1}', r.roleName, branch), refresh: inProject } : undefined;
  if (kind === 'database') return typeof r.databaseName === 'string' ? { what: l10n.t('The database {0} on branch {1}', r.databaseName, branch), refresh: inProject } : undefined;
  if (kind === 'endpoint') return undefined;
  if (kind === 'branch') return { what: l10n.t('The branch {0} of project {1}', branch, project), refresh: inProject, branch: { projectId: r.projectId, branchId: r.branchId, branchName: branch } };
  return { what: l10n.t('The branch {0} (or its project {1})', branch, project), refresh: inProject };
}
