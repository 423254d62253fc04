// How many refused requests a minute get an audit row: a ceiling every web process shares, so N
// replicas do not write N times the rows a flood is allowed. In one process without Redis the
// count is the process's own.
export interface AuditCeiling {
  /** True when one more row fits in this minute's allowance; `limit` is the allowance. */
  admit(limit: number): Promise<boolean>;
}

export class ProcessAuditCeiling implements AuditCeiling {
  private windowStart = 0;
  private inWindow = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async admit(limit: number): Promise<boolean> {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    return ++this.inWindow <= limit;
  }
}
