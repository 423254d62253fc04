// Gathers the deadline jobs that arrive together (a working morning's burst of reminders) into
// one call of the domain's executeDeadlines: the first key opens a short window, and the batch
// goes when the window closes or it is full. At most `maxInFlight` batches run at once; keys
// arriving meanwhile gather for the next, so batches grow with the load by themselves. Each job
// still gets its own result; if its batch fails, each job is told so and acts alone
// (deadline.processor.ts).
export interface DeadlineBatcherOptions {
  /** Most keys in one batch (one transaction holding this many case locks). */
  maxSize: number;
  /** How long the first key waits for others. */
  windowMs: number;
  /** Batches running at once (each holds one database connection). */
  maxInFlight: number;
}

/**
 * Measured on two cores (bench/nudge-throughput): each batch costs a dozen queries whatever its
 * size, so under a burst the window and one batch at a time let batches grow; a quiet moment's
 * nudge waits 25 ms at most. Chat sends are not part of a batch's time (deadline.processor.ts).
 */
export const DEFAULT_BATCHING: DeadlineBatcherOptions = { maxSize: 100, windowMs: 25, maxInFlight: 1 };

interface Waiting<T> {
  key: string;
  resolve: (result: T | null) => void;
  reject: (error: unknown) => void;
}

export class DeadlineBatcher<T> {
  private waiting: Waiting<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly fireMany: (keys: readonly string[]) => Promise<Map<string, T>>,
    private readonly options: DeadlineBatcherOptions = DEFAULT_BATCHING,
  ) {}

  /** This key's result once its batch is done; null when the batch did not include it. Rejects when the batch failed. */
  fire(key: string): Promise<T | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.send();
      else this.timer ??= setTimeout(() => this.send(), this.options.windowMs);
    });
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Busy: what is waiting goes as soon as a running batch is done.
    if (this.inFlight >= this.options.maxInFlight) return;
    const batch = this.waiting.splice(0, this.options.maxSize);
    if (batch.length === 0) return;
    this.inFlight += 1;
    this.fireMany([...new Set(batch.map((w) => w.key))])
      .then(
        (results) => {
          for (const w of batch) w.resolve(results.get(w.key) ?? null);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        this.inFlight -= 1;
        if (this.waiting.length > 0) this.send();
      });
  }
}
