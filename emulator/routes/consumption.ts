// Consumption history: v2 (usage-based plans) and legacy per-project. The 2024 account total
// (`/consumption_history/account`) is gone from the document, so it is gone here too (404).
import { type Range, nextBucket, V1_DEFAULT, V1_METRICS, V2_METRICS, bucketValues, buckets, isoZ, parseRange } from '../consumption';
import { badRequest, forbidden } from '../errors';
import { ids, prng } from '../ids';
import type { Org, Project, State } from '../model';
import { qInt, qList, type Ctx, type Router } from '../router';
import { checkId, orgFor, type Principal } from '../rules';

const V2_PLANS = ['launch', 'scale', 'business', 'enterprise', 'agent'];
const V1_PLANS = ['scale', 'business', 'enterprise'];

function metricList(q: URLSearchParams, allowed: readonly string[], required: boolean, def: readonly string[]): string[] {
  const m = qList(q, 'metrics');
  if (!m.length) {
    if (required) throw badRequest(`metrics is required: any of ${allowed.join(', ')}`);
    return [...def];
  }
  for (const x of m) if (!allowed.includes(x)) throw badRequest(`unknown metric "${x}": allowed ${allowed.join(', ')}`);
  return m;
}

function checkPlan(org: Org | undefined, plans: string[], what: string): void {
  if (org && !plans.includes(org.plan)) throw forbidden(`${what} is not available on the ${org.plan} plan of ${org.name}`);
}

const byCreation = new WeakMap<Project[], Project[]>();
const cmp = (a: Project, b: Project) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? -1 : 1);

/** Newest first, cached per (immutable) owner list: sorting a 2000-project org per request dominated. */
function newestFirst(list: Project[]): Project[] {
  let sorted = byCreation.get(list);
  if (!sorted) byCreation.set(list, (sorted = [...list].sort(cmp)));
  return sorted;
}

/** The projects a consumption query covers, newest first (the spec's page order). */
function scope(s: State, pr: Principal, q: URLSearchParams, orgRequired: boolean): { org?: Org; projects: Project[] } {
  const orgId = q.get('org_id');
  if (!orgId && orgRequired && pr.kind === 'personal') throw badRequest('org_id is required');
  let org: Org | undefined;
  let list: Project[];
  if (orgId || pr.kind === 'org') {
    org = orgId ? orgFor(s, pr, orgId) : (pr as Extract<Principal, { kind: 'org' }>).org;
    list = s.ownerProjects(org.id);
  } else list = s.ownerProjects(undefined, (pr as Extract<Principal, { kind: 'personal' }>).user.id);
  if (pr.kind === 'org' && pr.projectId) list = list.filter((p) => p.id === pr.projectId);
  const wanted = qList(q, 'project_ids');
  if (wanted.length > 100) throw badRequest('project_ids: at most 100 ids');
  wanted.forEach((id) => checkId(id, 'project id'));
  if (wanted.length) list = list.filter((p) => wanted.includes(p.id));
  return { org, projects: newestFirst(list) };
}

function page<T>(items: T[], id: (t: T) => string, limit: number, cursor: string | null) {
  let start = 0;
  if (cursor) {
    const i = items.findIndex((t) => id(t) === cursor);
    if (i < 0) throw badRequest('invalid cursor');
    start = i + 1;
  }
  const out = items.slice(start, start + limit);
  return { out, pagination: out.length ? { pagination: { cursor: id(out[out.length - 1]) } } : {} };
}

function periodOf(seriesId: string, plan: string, range: Range, consumption: unknown[]) {
  return { period_id: ids.uuid(prng(`period:${seriesId}:${plan}`)), period_plan: plan, period_start: isoZ(range.from), period_end: isoZ(range.to), consumption };
}

function v1Series(seriesId: string, createdAt: string, range: Range, metrics: string[], now: number) {
  const created = Date.parse(createdAt);
  return buckets(range, created).flatMap((t) => {
    const v = bucketValues(seriesId, t, range.granularity, created, now);
    if (!v) return [];
    const row: Record<string, unknown> = { timeframe_start: isoZ(t), timeframe_end: isoZ(nextBucket(t, range.granularity)) };
    // The four v1 metrics are required by the schema even when not asked for.
    for (const k of new Set([...V1_DEFAULT, ...metrics])) row[k] = v[k] ?? 0;
    return [row];
  });
}

function v2Series(seriesId: string, createdAt: string, range: Range, metrics: string[], now: number, scale = 1) {
  const created = Date.parse(createdAt);
  return buckets(range, created).flatMap((t) => {
    const v = bucketValues(seriesId, t, range.granularity, created, now, scale);
    return v ? [{ timeframe_start: isoZ(t), timeframe_end: isoZ(nextBucket(t, range.granularity)), metrics: metrics.map((m) => ({ metric_name: m, value: v[m] ?? 0 })) }] : [];
  });
}


const planOf = (org: Org | undefined) => org?.plan ?? 'scale';

export function consumptionRoutes(r: Router): void {
  r.add('GET', '/consumption_history/v2/projects', ({ s, pr, query }: Ctx) => {
    const limit = qInt(query, 'limit', 1, 100, 10)!;
    const metrics = metricList(query, V2_METRICS, true, []);
    const range = parseRange(query);
    const { org, projects } = scope(s, pr, query, true);
    checkPlan(org, V2_PLANS, 'consumption history (v2)');
    const { out, pagination } = page(projects, (p) => p.id, limit, query.get('cursor'));
    const now = Date.now();
    return {
      status: 200,
      body: { projects: out.map((p) => ({ project_id: p.id, periods: [periodOf(p.id, planOf(org), range, v2Series(p.id, p.createdAt, range, metrics, now))] })), ...pagination },
    };
  });

  r.add('GET', '/consumption_history/v2/branches', ({ s, pr, query }: Ctx) => {
    const limit = qInt(query, 'limit', 1, 1000, 100)!;
    const metrics = metricList(query, V2_METRICS.slice(0, 6), true, []);
    const range = parseRange(query);
    if (!qList(query, 'project_ids').length) throw badRequest('project_ids is required (1 to 100 ids)');
    const { org, projects } = scope(s, pr, query, true);
    checkPlan(org, V2_PLANS, 'consumption history (v2)');
    const branches = [...projects].sort((a, b) => a.id.localeCompare(b.id)).flatMap((p) => {
      const wanted = qList(query, 'branch_ids');
      return [...s.detail(p).branches.values()].filter((b) => !wanted.length || wanted.includes(b.id)).sort((a, b) => a.id.localeCompare(b.id)).map((b) => ({ p, b }));
    });
    const { out, pagination } = page(branches, (x) => `${x.p.id}.${x.b.id}`, limit, query.get('cursor'));
    const now = Date.now();
    return {
      status: 200,
      body: {
        branches: out.map(({ p, b }) => ({
          project_id: p.id, branch_id: b.id,
          periods: [periodOf(b.id, planOf(org), range, v2Series(b.id, b.createdAt, range, metrics, now, b.isDefault ? 1 : 0.2))],
        })),
        ...pagination,
      },
    };
  });

  r.add('GET', '/consumption_history/projects', ({ s, pr, query }: Ctx) => {
    const limit = qInt(query, 'limit', 1, 100, 10)!;
    const metrics = metricList(query, V1_METRICS, false, V1_DEFAULT);
    const range = parseRange(query);
    const { org, projects } = scope(s, pr, query, false);
    checkPlan(org, V1_PLANS, 'consumption history for legacy plans');
    const { out, pagination } = page(projects, (p) => p.id, limit, query.get('cursor'));
    const now = Date.now();
    return {
      status: 200,
      body: { projects: out.map((p) => ({ project_id: p.id, periods: [periodOf(p.id, planOf(org), range, v1Series(p.id, p.createdAt, range, metrics, now))] })), ...pagination },
    };
  });
}
