/**
 * Fixed-window counters for sign-in and password-reset attempts, kept in memory (one server process; a restart
 * forgets them, which errs towards letting people in). Sign-in failures are limited per IP and per account *from
 * that IP*, so an attacker elsewhere cannot lock a victim out of their own account.
 */
type Window = { count: number; resetsAt: number };

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  readonly limit: number;
  readonly windowMs: number;
  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Whether one more attempt under `key` is allowed now, and if not, in how many seconds it will be. */
  check(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const w = this.windows.get(key);
    if (!w || w.resetsAt <= now || w.count < this.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.ceil((w.resetsAt - now) / 1000) };
  }

  /** Counts one attempt under `key`. */
  hit(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || w.resetsAt <= now) this.windows.set(key, { count: 1, resetsAt: now + this.windowMs });
    else w.count += 1;
    if (this.windows.size > 50_000) this.sweep(now);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  /** Forgets every counter (tests start each case from a clean slate). */
  clear(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetsAt <= now) this.windows.delete(k);
  }
}

const fifteenMinutes = 15 * 60_000;
export const limits = {
  /** Failed sign-ins from one IP, whatever the account. */
  signInPerIp: new RateLimiter(30, fifteenMinutes),
  /** Failed sign-ins for one account from one IP. */
  signInPerAccount: new RateLimiter(5, fifteenMinutes),
  /** Reset requests from one IP. */
  resetPerIp: new RateLimiter(10, 60 * 60_000),
  /** Reset e-mails to one account: a few an hour, so nobody can flood a mailbox. */
  resetPerAccount: new RateLimiter(3, 60 * 60_000),
};
