/** One /v1 request as the control API reports it. */
export interface LogEntry {
  method: string;
  path: string;
  /** METHOD + path template, e.g. "POST /organization/projects/{project_id}/spend_alerts"; null for an unknown path. */
  endpoint: string | null;
  query: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** Arrival, in ms since the epoch. */
  at: number;
  /** How long the answer took, in ms. */
  ms: number;
}

/** How many entries the log keeps by default: far more than a test or the bench makes between clears. */
export const DEFAULT_REQUEST_LOG_LIMIT = 100_000;

/**
 * The /v1 requests in arrival order; tests and the bench count calls from it. It keeps the newest
 * `limit` entries and counts what it dropped, so a long-running emulator stays bounded and a
 * reader can tell a short log from a complete one.
 */
export class RequestLog {
  private entries: LogEntry[] = [];
  private droppedCount = 0;

  constructor(readonly limit = DEFAULT_REQUEST_LOG_LIMIT) {}

  /** Records an arrival; the caller fills in status and ms when it answers. */
  add(entry: LogEntry): LogEntry {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.entries.shift();
      this.droppedCount++;
    }
    return entry;
  }

  list(): LogEntry[] {
    return this.entries;
  }

  /** Entries dropped since the last clear because the log was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.entries = [];
    this.droppedCount = 0;
  }
}
