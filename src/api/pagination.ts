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

/** A page read that may name the next page's cursor before the page is ready (`PagedReadOptions.onNextCursor`). */
export type LookAheadRead<P> = (cursor: string | undefined, signal: AbortSignal | undefined, onNextCursor: (cursor: string) => void) => Promise<P>;

/**
 * One page ahead, for a pager that follows cursors one page at a time (the tree's loadAll, the
 * consumption load): a page read through `page()` sends the next page's read as soon as it names
 * the cursor, and the next `page()` for that cursor, by the same caller (same signal), takes it.
 * Any other call drops it, and the reads a dropped look-ahead would have started are not sent.
 * Hand-written: the cursor is opaque, so no paging library can overlap pages; only the early
 * cursor from the unchecked answer can.
 */
export class PageLookAhead<P> {
  private held: { cursor: string; signal: AbortSignal | undefined; page: Promise<P> } | undefined;
  /** Bumped when a look-ahead is dropped or cleared: reads started from it send nothing more. */
  private chain = 0;
  /** Look-ahead reads whose answer was not used. */
  dropped = 0;

  constructor(private readonly read: LookAheadRead<P>) {}

  /** The page at `cursor`: the look-ahead this caller sent for it, else a new read that looks ahead. */
  page(cursor: string | undefined, signal: AbortSignal | undefined): Promise<P> {
    return this.take(cursor, signal) ?? this.readAhead(cursor, signal);
  }

  /** The look-ahead this caller sent for `cursor`, if any; any other is dropped. */
  take(cursor: string | undefined, signal: AbortSignal | undefined): Promise<P> | undefined {
    const held = this.held;
    this.held = undefined;
    if (held && held.cursor === cursor && held.signal === signal) return held.page;
    if (held) {
      this.dropped++;
      this.chain++;
    }
    return undefined;
  }

  /** Forgets every look-ahead (a reset): what is on its way lands nowhere and asks for nothing more. */
  clear(): void {
    this.held = undefined;
    this.chain++;
    this.dropped = 0;
  }

  private readAhead(cursor: string | undefined, signal: AbortSignal | undefined): Promise<P> {
    const chain = this.chain;
    return this.read(cursor, signal, (next) => {
      if (chain !== this.chain || signal?.aborted || this.held) return;
      const page = this.readAhead(next, signal);
      page.catch(() => undefined); // awaited only if the pager gets there
      this.held = { cursor: next, signal, page };
    });
  }
}

/**
 * The `peek` of a paged read with `onNextCursor`: the next cursor from the answer's unchecked JSON,
 * by the rule the checked page applies (`nextCursorOf`). It only lets the next request leave
 * early; the pager keeps that answer only if the checked page names the same cursor.
 */
export function earlyCursor(onNext: ((cursor: string) => void) | undefined, limit: number, previous: string | undefined, ...itemKeys: string[]): { peek?: (json: unknown) => void } {
  if (!onNext) return {};
  return {
    peek: (json) => {
      const items = itemKeys.reduce((n, k) => n + uncheckedCount(json, k), 0);
      const next = nextCursorOf(items, limit, uncheckedCursor(json), previous);
      if (next !== undefined) onNext(next);
    },
  };
}

/** A page size the API accepts: 1..max, whole. */
export function clampLimit(n: number, max: number): number {
  if (!Number.isFinite(n)) return max;
  return Math.max(1, Math.min(max, Math.floor(n)));
}
