/**
 * Locks out a source address after repeated authentication failures (e.g. 5 in 10 minutes), the way
 * trusted SIP servers slow down password guessing: while locked, its requests are refused without
 * looking at their credentials. Failures older than the window are forgotten.
 */
export class SourceLockout {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: { maxFailures: number; windowMs: number; now: () => number }) {}

  isLocked(source: string): boolean {
    return this.recent(source).length >= this.options.maxFailures;
  }

  recordFailure(source: string): void {
    const list = this.recent(source);
    list.push(this.options.now());
    this.failures.set(source, list);
    if (this.failures.size > 100_000) this.sweep();
  }

  /** A success does not clear earlier failures: guessing must not be able to reset its count. */
  private recent(source: string): number[] {
    const list = this.failures.get(source);
    if (!list) return [];
    const since = this.options.now() - this.options.windowMs;
    while (list.length > 0 && list[0]! < since) list.shift();
    if (list.length === 0) this.failures.delete(source);
    return list;
  }

  private sweep(): void {
    for (const source of [...this.failures.keys()]) this.recent(source);
  }
}
