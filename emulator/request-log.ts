/** One /v1 request as the control API reports it. */
export interface LogEntry {
  method: string;
  path: string;
  query: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** Arrival, in ms since the epoch. */
  at: number;
  /** How long the answer took, in ms. */
  ms: number;
}

/** Every /v1 request in arrival order; tests and the bench count calls from it. */
export class RequestLog {
  private entries: LogEntry[] = [];

  /** Records an arrival; the caller fills in status and ms when it answers. */
  add(entry: LogEntry): LogEntry {
    this.entries.push(entry);
    return entry;
  }

  list(): LogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
