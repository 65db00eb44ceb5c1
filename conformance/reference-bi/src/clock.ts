/**
 * The BI's clock: real time plus an offset an admin (or a test) can move from the system backend,
 * saved in settings. Schedules and alerts read time only from here, so tests never sleep.
 */
import type { Db } from './db/database.ts';
import { getSetting, setSetting } from './db/settings.ts';

export class BiClock {
  private offsetMs: number;

  constructor(private readonly db: Db) {
    this.offsetMs = getSetting(db, 'clock.offsetMs');
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.setOffset(this.offsetMs + ms);
  }

  reset(): void {
    this.setOffset(0);
  }

  get offset(): number {
    return this.offsetMs;
  }

  private setOffset(ms: number): void {
    this.offsetMs = ms;
    setSetting(this.db, 'clock.offsetMs', ms);
  }
}
