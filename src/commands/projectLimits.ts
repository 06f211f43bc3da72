// How many projects an organization may hold. The API publishes no such number: an Organization
// has only its `plan`, and `projects_limit` of GET /users/me is the user's own (the emulator says
// 100 for every organization). Neon names it only when it refuses: a 406 on a transfer carries
// `projects_count` with the limit as `expected`, a 422 on a create says "… limit of N …" (real
// Neon: "user projects limit of 1 exceeded, got 1"; the emulator: "… allows 1 projects"). Kept for
// the session, by account and organization (accounts may reach different APIs), so the next
// Create Project or transfer there says it up front.
import type { NeonClient } from '../api';
import { formatCount } from '../util/formatCount';
import { isCancelled } from './failure';
import { plural, type LimitLike } from './orgLogic';
import * as l10n from '@vscode/l10n';

const limits = new Map<string, number>();

/** An organization as one account reaches it. */
export interface OrgAt {
  readonly accountId: string;
  readonly orgId: string;
}

const keyOf = (at: OrgAt) => `${at.accountId}\n${at.orgId}`;

/** From a 406's limits: the destination's project limit, when one of them is it. */
export function learnProjectLimit(at: OrgAt, said: readonly LimitLike[] | undefined): void {
  for (const l of said ?? []) {
    const max = Number(l.expected);
    if (/^projects?(_count)?$/.test(l.name) && Number.isInteger(max) && max >= 0) limits.set(keyOf(at), max);
  }
}

/** From a create's refusal: the number in Neon's sentence, when it names one. */
export function learnProjectLimitFrom(at: OrgAt, message: string): number | undefined {
  const m = /limit of (\d+)/i.exec(message) ?? /allows (\d+) projects?/i.exec(message);
  if (!m) return undefined;
  const max = Number(m[1]);
  limits.set(keyOf(at), max);
  return max;
}

export function knownProjectLimit(at: OrgAt): number | undefined {
  return limits.get(keyOf(at));
}

/** The plan was changed (in the Console): what Neon said before no longer holds. */
export function forgetProjectLimit(at: OrgAt): void {
  limits.delete(keyOf(at));
}

export interface Room {
  readonly limit: number;
  readonly count: number;
  /** How many more projects fit (0 when full). */
  readonly left: number;
}

/**
 * How many more projects fit in the organization, when Neon told its limit this session (the
 * projects are counted then); undefined otherwise, and when they cannot be counted.
 */
export async function roomIn(client: NeonClient, at: OrgAt, signal?: AbortSignal): Promise<Room | undefined> {
  const limit = limits.get(keyOf(at));
  if (limit === undefined) return undefined;
  // Uncounted (the list failed), nothing is said: Neon still refuses what does not fit.
  const count = await client.listProjects({ orgId: at.orgId, signal }).then(
    (l) => l.length,
    (e: unknown) => {
      if (isCancelled(e)) throw e;
      return undefined;
    },
  );
  return count === undefined ? undefined : { limit, count, left: Math.max(0, limit - count) };
}

const projects = (n: number) => plural(n, l10n.t('project'), l10n.t('projects'));

/** "Side Project is full: its plan allows 1 project and it has 1." */
export function fullSentence(orgName: string, room: Room): string {
  return `${l10n.t('{0} is full: its plan allows {1} and it has {2}', orgName, projects(room.limit), formatCount(room.count))}.`;
}

/** "Acme has room for 2 more: its plan allows 10 projects and it has 8. You ticked 3 projects." */
export function roomSentence(orgName: string, room: Room, ticked: number): string {
  return l10n.t('{0} has room for {1} more: its plan allows {2} and it has {3}. You ticked {4}.', orgName, formatCount(room.left), projects(room.limit), formatCount(room.count), projects(ticked));
}

/** Where the number came from, and the way past it when it no longer holds (`anyway`: the button). */
export function limitSource(anyway: string): string {
  return l10n.t('Neon gave this limit when it refused a project there earlier; if the plan was upgraded since, choose {0}.', anyway);
}

/** What makes room in a full organization. */
export function makeRoomSentence(orgName: string): string {
  return l10n.t('To make room, delete a project in {0} or move one out, or upgrade its plan in the Neon Console.', orgName);
}
