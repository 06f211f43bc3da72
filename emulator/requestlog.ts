// What the control API reports about traffic: counts per templated route, concurrency, entries.

/** What the emulator did to a request instead of (or on top of) answering it. */
export type InjectedFault = 'rateLimit' | '429' | '5xx' | 'drop' | 'malformed';

export interface LogEntry {
  method: string;
  path: string;
  route: string;
  status: number;
  requestId: string;
  /** Arrival order (1, 2, …): two requests in one millisecond still tell which came first. */
  seq: number;
  startedAt: number;
  endedAt: number;
  violations?: string[];
  /** Set when the answer was a rate-limit 429, a burst 429, an injected 503, a drop or a malformed body. */
  fault?: InjectedFault;
  /** Extra delay of a latency spike. */
  spikeMs?: number;
}

/** Entries kept; older ones drop off so long benchmarks don't grow memory. */
const MAX_ENTRIES = 20000;

export class RequestLog {
  total = 0;
  byRoute: Record<string, number> = {};
  inFlight = 0;
  maxInFlight = 0;
  entries: LogEntry[] = [];
  /** Faults injected since the last clear, by kind ('spike' counts latency spikes). */
  faults: Record<string, number> = {};
  /** Responses the OpenAPI document does not allow; kept through clear() so a suite's final check sees them all. */
  readonly violations: LogEntry[] = [];

  /** Requests begun so far; `mark()` before an action, `since(mark)` after it. */
  private started = 0;

  begin(): number {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    return ++this.started;
  }

  /** A point in the arrival order: requests that begin after it have a greater seq. */
  mark(): number {
    return this.started;
  }

  /** Entries of requests that began after `mark` (a millisecond clock cannot tell a request that ended just before). */
  since(mark: number): LogEntry[] {
    return this.entries.filter((e) => e.seq > mark);
  }

  end(e: LogEntry): void {
    this.inFlight--;
    this.total++;
    this.byRoute[e.route] = (this.byRoute[e.route] ?? 0) + 1;
    this.entries.push(e);
    if (e.fault) this.faults[e.fault] = (this.faults[e.fault] ?? 0) + 1;
    if (e.spikeMs) this.faults.spike = (this.faults.spike ?? 0) + 1;
    if (e.violations?.length) this.violations.push(e);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  clear(): void {
    this.total = 0;
    this.byRoute = {};
    this.faults = {};
    this.maxInFlight = this.inFlight;
    this.entries = [];
  }

  toJSON() {
    return { total: this.total, byRoute: this.byRoute, maxInFlight: this.maxInFlight, inFlight: this.inFlight, faults: this.faults, entries: this.entries };
  }
}
