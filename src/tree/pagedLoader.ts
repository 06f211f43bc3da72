// Cursor-paged loading for tree nodes, free of vscode so the bench can drive it directly.
// One pending page request per loader: a double click on "Load more…" never fetches twice, and a
// reset (refresh) makes any answer still on the way land nowhere. all() looks one page ahead: a
// source that learns the next cursor before its page is checked lets the next request leave then.

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

interface LookAhead<T> {
  cursor: string;
  /** The caller's signal it was sent with: another caller's (a later expand) does not take it. */
  signal: AbortSignal | undefined;
  page: Promise<LoadedPage<T>>;
}

export class PagedLoader<T> {
  private list: T[] = [];
  private missing: string[] = [];
  private next: string | undefined;
  private started = false;
  private finished = false;
  /** The request for a page still on its way (shared by every caller meanwhile). */
  private pendingPage: Promise<void> | undefined;
  private generation = 0;
  /** The page all() asked for before the one it waits for was ready. */
  private ahead: LookAhead<T> | undefined;
  /** Pages fetched since the last reset (for tests and the bench). */
  pagesFetched = 0;
  /** Look-ahead requests whose answer was not used (the page named another cursor, or failed). */
  aheadDropped = 0;
  /** Bumped when a look-ahead is dropped: the pages it would have asked for are not asked. */
  private aheadChain = 0;

  constructor(private readonly source: PageSource<T>) {}

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
    this.ahead = undefined;
    this.pagesFetched = 0;
    this.aheadDropped = 0;
  }

  /** With `lookAhead`, the next page's request leaves as soon as the source knows its cursor. */
  private fetch(cursor: string | undefined, signal?: AbortSignal, lookAhead = false): Promise<void> {
    const gen = this.generation;
    const p = this.pageFrom(cursor, signal, lookAhead, gen).then(
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

  /** The look-ahead for `cursor` if one left, else a new request. */
  private pageFrom(cursor: string | undefined, signal: AbortSignal | undefined, lookAhead: boolean, gen: number): Promise<LoadedPage<T>> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead && ahead.cursor === cursor && ahead.signal === signal) return ahead.page;
    if (ahead) {
      this.aheadDropped++;
      this.aheadChain++;
    }
    return lookAhead ? this.sourceAhead(cursor, signal, gen) : this.source(cursor, signal);
  }

  /** A page whose next page leaves as soon as the source names its cursor (unless its chain was dropped since). */
  private sourceAhead(cursor: string | undefined, signal: AbortSignal | undefined, gen: number): Promise<LoadedPage<T>> {
    const chain = this.aheadChain;
    return this.source(cursor, signal, (next) => {
      if (gen !== this.generation || chain !== this.aheadChain || signal?.aborted || this.ahead) return;
      const page = this.sourceAhead(next, signal, gen);
      // Not awaited until all() gets there, which it may not (a reset, an error before it).
      page.catch(() => undefined);
      this.ahead = { cursor: next, signal, page };
    });
  }

  private apply(page: LoadedPage<T>): void {
    this.list = this.list.concat(page.items);
    if (page.unavailable?.length) this.missing = this.missing.concat(page.unavailable);
    this.next = page.nextCursor;
    this.finished = page.nextCursor === undefined;
  }
}
