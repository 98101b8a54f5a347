import { Injectable } from '@nestjs/common';

/**
 * The server's notion of "now". Deadlines and expiries read it, so tests (and the fault tests) can move
 * time: `clock.set(date)` / `clock.advance(ms)` in-process, or `ANXIN_CLOCK_OFFSET_MS` for a whole server.
 */
@Injectable()
export class Clock {
  private offsetMs = Number(process.env.ANXIN_CLOCK_OFFSET_MS || 0);

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
  reset(): void {
    this.offsetMs = 0;
  }
}
