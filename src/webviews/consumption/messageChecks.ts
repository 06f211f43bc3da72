/**
 * The page's side of messages.ts without zod: what the host posts (`HostToPage`) and the state the
 * page saved (`PersistedState`), checked in one pass by the same rules as messages.ts' schemas
 * (test/unit/consumption-message-checks.test.ts mutates every field of every message and requires
 * the same verdict). Written by hand so the page's bundle leaves zod out: it was a quarter of the
 * page's script (27 KB of 112 KB minified), compiled and run before the page could ask for data.
 * The host keeps the zod schemas for what the page posts.
 */
import { bool, type Check, count, finite, list, loose, matches, oneOf, optional, record, str, tagged, text } from '../../api/schemas/shapeCheck';
import type { HostToPage, PersistedState } from './messages';

const granularity = oneOf('hourly', 'daily', 'monthly');
const id = matches(/^[a-z0-9-]{1,60}$/);
const scope = loose({ accountId: text(200, 1), orgId: optional(id), projectId: optional(id), title: text(300) });
const range = tagged('kind', {
  preset: loose({ preset: oneOf('24h', '7d', '30d', '60d', '12m'), granularity: optional(granularity) }),
  custom: loose({ from: text(40), to: text(40), granularity }),
});
const view = loose({
  range,
  metric: optional(text(80)),
  mode: oneOf('total', 'projects'),
  sort: loose({ key: oneOf('name', 'total', 'share', 'peak'), dir: oneOf('asc', 'desc') }),
});
const values = list((x) => x === null || finite(x));
const dataset = loose({
  api: oneOf('v2', 'legacy'),
  range: loose({ granularity, from: finite, to: finite }),
  buckets: list(finite),
  metrics: list(str),
  projects: list(loose({ id: str, name: str, values: record(values) })),
  accountTotals: optional(record(values)),
  fetchedAt: finite,
});
const series = loose({ requestId: count, metric: str, dataset });
const isHostMessage: Check = tagged('type', {
  init: loose({ scope, view: optional(view), now: finite, markCharts: optional(bool) }),
  progress: loose({ requestId: count, api: oneOf('v2', 'legacy'), pages: finite, projects: finite }),
  data: series,
  partial: series,
  complete: loose({ requestId: count, metric: str }),
  unsupported: loose({ requestId: count, message: str }),
  error: loose({ requestId: count, message: str }),
  cancelled: loose({ requestId: count }),
  waiting: loose({ requestId: count, retryInMs: finite }),
  notice: loose({ message: str }),
});

/** A message from the host; undefined when it does not match the protocol. */
export function parseHostMessage(raw: unknown): HostToPage | undefined {
  return isHostMessage(raw) ? (raw as HostToPage) : undefined;
}

export const isPersistedState = loose({ scope, view: optional(view) }) as (v: unknown) => v is PersistedState;
