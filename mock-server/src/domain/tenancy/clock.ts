/**
 * A tenant's clock. Every expiry in the sandbox (tokens, codes, QR sessions) reads time from here,
 * never from Date.now() directly, so tests move time instead of sleeping (design.md: deterministic).
 * The clock follows real time plus an offset; it can be advanced, set, frozen, or put back on real
 * time (reset).
 */
export interface ClockState {
  offsetMs: number;
  frozenAt: number | null;
}

export class Clock {
  private offsetMs = 0;
  private frozenAt: number | null = null;
  private moved?: () => void;

  constructor(private readonly source: () => number = Date.now) {}

  /** Told whenever time jumps (advance, set, reset): whatever waits on the tenant clock looks again. */
  onMove(listener: (() => void) | undefined): void {
    this.moved = listener;
  }

  /** Milliseconds since the epoch, as this tenant sees it. */
  now(): number {
    return this.frozenAt ?? this.source() + this.offsetMs;
  }

  /** Move time forward (or back, with a negative value) by `ms`. */
  advance(ms: number): number {
    if (!Number.isFinite(ms)) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
    this.moved?.();
    return this.now();
  }

  /** Jump to an absolute time (ms since the epoch). */
  set(epochMs: number): number {
    if (!Number.isFinite(epochMs)) throw new RangeError(`cannot set the clock to ${epochMs}`);
    if (this.frozenAt !== null) this.frozenAt = epochMs;
    else this.offsetMs = epochMs - this.source();
    this.moved?.();
    return this.now();
  }

  /** Stop time where it is (true) or let it run again from there (false). */
  freeze(frozen: boolean): void {
    if (frozen && this.frozenAt === null) this.frozenAt = this.now();
    if (!frozen && this.frozenAt !== null) {
      this.offsetMs = this.frozenAt - this.source();
      this.frozenAt = null;
    }
  }

  /** Back to real time: no offset, running (恢复真实时间). */
  reset(): number {
    this.offsetMs = 0;
    this.frozenAt = null;
    this.moved?.();
    return this.now();
  }

  /** How far this clock is from real time (ms, negative when behind) and whether it is frozen. */
  drift(): { offsetMs: number; frozen: boolean } {
    const real = this.source();
    return { offsetMs: (this.frozenAt ?? real + this.offsetMs) - real, frozen: this.frozenAt !== null };
  }

  toJSON(): ClockState {
    return { offsetMs: this.offsetMs, frozenAt: this.frozenAt };
  }

  restore(state: ClockState): void {
    this.offsetMs = state.offsetMs;
    this.frozenAt = state.frozenAt;
  }
}
