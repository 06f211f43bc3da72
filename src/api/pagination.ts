/**
 * Cursor pagination as async iterators. A page source returns items and the cursor the API sent;
 * iteration stops on a missing cursor, an empty page, a short page (the real API returns a cursor
 * even on the last page) or a cursor that repeats.
 */

export interface Page<T> {
  items: T[];
  /** Cursor for the next page; undefined when this was the last page. */
  nextCursor?: string;
}

export type PageFetcher<T> = (cursor: string | undefined, limit: number) => Promise<{ items: T[]; cursor?: string }>;

/** Decide the next cursor: none on a short or empty page or when the API sent none. */
export function nextCursorOf(itemsCount: number, limit: number, cursor: string | undefined, previous?: string): string | undefined {
  if (!cursor) return undefined;
  if (itemsCount === 0 || itemsCount < limit) return undefined;
  if (previous !== undefined && cursor === previous) return undefined;
  return cursor;
}

/** Async iterable of items, with `.pages()` for whole pages and `.toArray()` to collect. */
export class PagedIterable<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly pageSize: number,
    private readonly startCursor?: string,
  ) {}

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.startCursor;
    for (;;) {
      const { items, cursor: apiCursor } = await this.fetchPage(cursor, this.pageSize);
      const next = nextCursorOf(items.length, this.pageSize, apiCursor, cursor);
      yield next === undefined ? { items } : { items, nextCursor: next };
      if (next === undefined) return;
      cursor = next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) {
      yield* page.items;
    }
  }

  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages()) all.push(...page.items);
    return all;
  }
}

/** Length of `json[key]` if it is an array, else 0: a look at a page before its schema checks it. */
export function uncheckedCount(json: unknown, key: string): number {
  const v = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? v.length : 0;
}

/** `json.pagination.cursor` if it is a string: a look at a page before its schema checks it. */
export function uncheckedCursor(json: unknown): string | undefined {
  const p = typeof json === 'object' && json !== null ? (json as { pagination?: unknown }).pagination : undefined;
  const c = typeof p === 'object' && p !== null ? (p as { cursor?: unknown }).cursor : undefined;
  return typeof c === 'string' ? c : undefined;
}
