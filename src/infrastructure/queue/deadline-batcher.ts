// Gathers the deadline jobs that arrive together (a working morning's burst of reminders) into
// one call of the domain's executeDeadlines: the first key opens a short window, and the batch
// goes when the window closes or it is full. Each job still gets its own result; if the batch
// fails, every job in it is told so and acts alone (deadline.processor.ts).
import type { DeadlineResult } from "../../domain/execute-command.js";

export interface DeadlineBatcherOptions {
  /** Most keys in one batch (one transaction holding this many case locks). */
  maxSize: number;
  /** How long the first key waits for others. */
  windowMs: number;
}

export const DEFAULT_BATCHING: DeadlineBatcherOptions = { maxSize: 50, windowMs: 5 };

interface Waiting {
  key: string;
  resolve: (result: DeadlineResult | null) => void;
  reject: (error: unknown) => void;
}

export class DeadlineBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly fireMany: (keys: readonly string[]) => Promise<Map<string, DeadlineResult>>,
    private readonly options: DeadlineBatcherOptions = DEFAULT_BATCHING,
  ) {}

  /** This key's result once its batch is done; null when the batch did not include it. Rejects when the batch failed. */
  fire(key: string): Promise<DeadlineResult | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.send();
      else this.timer ??= setTimeout(() => this.send(), this.options.windowMs);
    });
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting.splice(0);
    if (batch.length === 0) return;
    this.fireMany([...new Set(batch.map((w) => w.key))]).then(
      (results) => {
        for (const w of batch) w.resolve(results.get(w.key) ?? null);
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  }
}
