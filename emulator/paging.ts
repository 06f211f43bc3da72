// The two pagination shapes of the API (neon-api.md): `pagination.cursor` (projects, operations,
// consumption) and base64 `pagination.next` (branches, members).
import { ApiError } from './errors';

/**
 * Cursor = id of the last item; returned even on the last page, omitted on an empty page. `items`
 * are in id order (every caller lists by id), so the page starts at the first id after the cursor,
 * found by halving: a scan of 10,000 projects a page cost the bench's loadAll a millisecond a page.
 * A cursor whose item was deleted or moved continues after its position in id order all the same.
 */
export function idCursorPage<T>(items: T[], id: (t: T) => string, limit: number, cursor: string | null) {
  let start = 0;
  if (cursor) {
    let hi = items.length;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      if (id(items[mid]) > cursor) hi = mid;
      else start = mid + 1;
    }
  }
  const page = items.slice(start, start + limit);
  return { page, pagination: page.length ? { cursor: id(page[page.length - 1]) } : undefined };
}

export interface NextCursor {
  id: string;
  sort_by: string;
  sort_order: string;
}

export function encodeNext(key: string, id: string, sortBy: string, sortValue: string, order: string): string {
  return Buffer.from(JSON.stringify({ [key]: id, sort_by: sortBy, sort_by_value: sortValue, sort_order: order.toUpperCase() })).toString('base64');
}

export function decodeNext(key: string, cursor: string): string {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof v[key] === 'string') return v[key] as string;
  } catch {
    /* fall through */
  }
  throw new ApiError(400, 'invalid cursor');
}

/** Sorted-list page after the item named in `cursor`; `next` is present even on the last page. */
export function nextPage<T>(sorted: T[], id: (t: T) => string, limit: number | undefined, after: string | undefined) {
  let start = 0;
  if (after !== undefined) {
    const i = sorted.findIndex((t) => id(t) === after);
    start = i < 0 ? sorted.length : i + 1;
  }
  return sorted.slice(start, limit === undefined ? undefined : start + limit);
}
