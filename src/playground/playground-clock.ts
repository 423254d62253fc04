// The playground's clock: real time plus an offset that only grows. Everything that asks the
// time (commands, card views, the schedule's fire times) reads this one clock, so moving it
// forward is how the playground shows votes closing, nudges and escalation timeouts firing.
import type { Clock } from "../domain/ports.js";

export class PlaygroundClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** How far ahead of real time the playground runs. */
  get offset(): number {
    return this.offsetMs;
  }

  advanceBy(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the playground clock only moves forward, got ${ms} ms`);
    this.offsetMs += ms;
    return this.now();
  }

  /** Moves to `instant`, or stays put when it is not ahead: time never runs backwards. */
  advanceTo(instant: Date): Date {
    return this.advanceBy(Math.max(0, instant.getTime() - this.now().getTime()));
  }
}
