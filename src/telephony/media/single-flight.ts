/** Runs one task per key at a time: callers asking for a key already in flight share its promise. */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private joined = 0;

  run(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) {
      this.joined++;
      return running;
    }
    const p = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** Calls that were served by a task another caller had started. */
  get shared(): number {
    return this.joined;
  }
}
