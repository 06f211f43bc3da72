/**
 * A whole-seconds countdown to a deadline that can move later (Neon's 429 Retry-After waits): the
 * status bar's "waiting 23 s" and a progress notification's message both count down with it.
 * A timer per whole second, not a 1 s interval, so a deadline moved mid-second is shown at once
 * and the last "1 s" lasts exactly as long as what is left.
 */
export interface Countdown {
  /** Re-reads the deadline now (a new wait began) and says its seconds. */
  restart(): void;
  dispose(): void;
}

/**
 * Calls `say` with the whole seconds left until `deadline()`: at once, then each time the whole
 * seconds change while any are left, and with 0 when it is over (or already was).
 */
export function countdown(deadline: () => number, say: (seconds: number) => void): Countdown {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const left = deadline() - Date.now();
    const seconds = left > 0 ? Math.ceil(left / 1000) : 0;
    say(seconds);
    // 5 ms past the boundary, so the next read is surely a whole second less.
    if (seconds > 0) timer = setTimeout(tick, (left % 1000 || 1000) + 5);
  };
  tick();
  return {
    restart: tick,
    dispose: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
