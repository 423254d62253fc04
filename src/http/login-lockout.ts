// Repeated wrong passwords from one address lock that address out for a while, whatever it sends
// next (the right password included), so a password cannot be guessed at network speed. Kept in
// memory: a lockout per process is enough to turn millions of guesses into a handful an hour.

export interface LockoutOptions {
  /** Wrong passwords within `windowMs` that lock an address out (default 10). */
  maxFailures?: number;
  /** How far back failures count (default 15 minutes). */
  windowMs?: number;
  /** How long a lockout lasts (default 15 minutes). */
  lockMs?: number;
  now?: () => number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** Addresses remembered at most; the oldest is forgotten first, so a flood cannot exhaust memory. */
const MAX_TRACKED = 10_000;

export class LoginLockout {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(options: LockoutOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again, or 0 when it is not locked out. */
  lockedFor(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  /** Records a wrong password; returns true when this one locked the address out. */
  fail(key: string): boolean {
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
    this.entries.delete(key);
    entry.failures = entry.failures.filter((t) => now - t < this.windowMs);
    entry.failures.push(now);
    let locked = false;
    if (entry.failures.length >= this.maxFailures) {
      entry.lockedUntil = now + this.lockMs;
      entry.failures = [];
      locked = true;
    }
    this.entries.set(key, entry);
    if (this.entries.size > MAX_TRACKED) this.entries.delete(this.entries.keys().next().value as string);
    return locked;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }
}
