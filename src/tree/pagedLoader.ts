// Cursor-paged loading for tree nodes, free of vscode so the bench can drive it directly.
import { PageLookAhead } from '../api/pagination';

// One pending page request per loader: a double click on "Load more…" never fetches twice, and a
// reset (refresh) makes any answer still on the way land nowhere. all() looks one page ahead
// (PageLookAhead): a source that learns the next cursor before its page is checked lets the next
// request leave then.

export interface LoadedPage<T> {
  items: T[];
  nextCursor?: string;
  /** Ids the API knows exist but could not load in time (`unavailable_project_ids`). */
  unavailable?: string[];
}

/**
 * One page from `cursor`. A source may call `onNextCursor` with the next page's cursor as soon as it
 * knows it, before the page is ready (all() starts that request then, and keeps its answer only if
 * the page, once ready, names the same cursor).
 */
export type PageSource<T> = (cursor: string | undefined, signal?: AbortSignal, onNextCursor?: (cursor: string) => void) => Promise<LoadedPage<T>>;

export class PagedLoader<T> {
  private list: T[] = [];
  private missing: string[] = [];
  private next: string | undefined;
  private started = false;
  private finished = false;
  /** The request for a page still on its way (shared by every caller meanwhile). */
  private pendingPage: Promise<void> | undefined;
  private generation = 0;
  /** all()'s next page, asked for before the one it waits for was ready. */
  private readonly lookAhead: PageLookAhead<LoadedPage<T>>;
  /** Pages fetched since the last reset (an org keeps its list for the next launch only when it read one). */
  pagesFetched = 0;

  constructor(private readonly source: PageSource<T>) {
    this.lookAhead = new PageLookAhead(source);
  }

  /** Look-ahead requests since the last reset whose answer was not used. */
  get aheadDropped(): number {
    return this.lookAhead.dropped;
  }

  get items(): readonly T[] {
    return this.list;
  }
  /** The cursor of the next page, or undefined when everything is loaded (or nothing yet). */
  get cursor(): string | undefined {
    return this.next;
  }
  /** Ids of pages loaded so far that the API could not load in time (and no later page brought). */
  get unavailable(): readonly string[] {
    if (this.missing.length === 0) return this.missing;
    const have = new Set(this.list.map((x) => (x as { id?: unknown }).id));
    return [...new Set(this.missing)].filter((id) => !have.has(id));
  }
  get done(): boolean {
    return this.finished;
  }
  /** A first page was asked for, or seeded (since the last reset). */
  get begun(): boolean {
    return this.started;
  }
  get loaded(): boolean {
    return this.started && !this.pendingPage;
  }

  /** Seeds the loader with a first page fetched elsewhere (no request). */
  seed(page: LoadedPage<T>): void {
    this.reset();
    this.started = true;
    this.apply(page);
  }

  /** Loads the first page unless it is loaded or loading. */
  first(signal?: AbortSignal): Promise<void> {
    if (this.started) return this.pendingPage ?? Promise.resolve();
    this.started = true;
    return this.fetch(undefined, signal);
  }

  /**
   * Loads the page after `expectedCursor` (default: the current cursor). Concurrent calls share
   * one request; a call whose cursor is no longer current does nothing.
   */
  more(expectedCursor?: string, signal?: AbortSignal): Promise<void> {
    if (this.pendingPage) return this.pendingPage;
    if (!this.started) return this.first(signal);
    if (this.finished || this.next === undefined) return Promise.resolve();
    if (expectedCursor !== undefined && expectedCursor !== this.next) return Promise.resolve();
    return this.fetch(this.next, signal);
  }

  /** Follows the cursor until the last page; an aborted `signal` stops before the next page. */
  async all(signal?: AbortSignal): Promise<void> {
    if (this.started) await this.pendingPage;
    else {
      this.started = true;
      await this.fetch(undefined, signal, true);
    }
    while (!this.finished && this.next !== undefined) {
      signal?.throwIfAborted();
      if (this.pendingPage) await this.pendingPage;
      else await this.fetch(this.next, signal, true);
    }
  }

  reset(): void {
    this.generation++;
    this.list = [];
    this.missing = [];
    this.next = undefined;
    this.started = false;
    this.finished = false;
    this.pendingPage = undefined;
    this.lookAhead.clear();
    this.pagesFetched = 0;
  }

  /** With `lookAhead`, the next page's request leaves as soon as the source knows its cursor. */
  private fetch(cursor: string | undefined, signal?: AbortSignal, lookAhead = false): Promise<void> {
    const gen = this.generation;
    const page = lookAhead ? this.lookAhead.page(cursor, signal) : (this.lookAhead.take(cursor, signal) ?? this.source(cursor, signal));
    const p = page.then(
      (page) => {
        if (gen !== this.generation) return;
        this.pagesFetched++;
        this.apply(page);
        this.pendingPage = undefined;
      },
      (err) => {
        if (gen === this.generation) {
          this.pendingPage = undefined;
          // A failed first page can be retried by calling first() again.
          if (cursor === undefined) this.started = false;
        }
        throw err;
      },
    );
    this.pendingPage = p;
    return p;
  }

  private apply(page: LoadedPage<T>): void {
    this.list = this.list.concat(page.items);
    if (page.unavailable?.length) this.missing = this.missing.concat(page.unavailable);
    this.next = page.nextCursor;
    this.finished = page.nextCursor === undefined;
  }
}
