/**
 * WeCom group robots take at most `perMinute` messages a minute each. A sliding window
 * per robot key: `reserve` either takes a slot now or says when the next one frees up. Per process;
 * when several workers together overrun a robot, its 45009 answer backs the row off.
 */
export class RobotRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly perMinute: number, private readonly windowMs = 60_000) {}

  reserve(key: string, nowMs: number): { ok: true } | { ok: false; retryAtMs: number } {
    const recent = (this.sent.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (recent.length >= this.perMinute) {
      this.sent.set(key, recent);
      return { ok: false, retryAtMs: recent[0] + this.windowMs };
    }
    recent.push(nowMs);
    this.sent.set(key, recent);
    return { ok: true };
  }

  /** After a 45009 from WeCom: treat the robot's window as full for a minute. */
  markFull(key: string, nowMs: number): void {
    this.sent.set(key, Array.from({ length: this.perMinute }, () => nowMs));
  }
}
