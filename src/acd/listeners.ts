/**
 * A set of listeners. A listener that throws is reported and does not stop the others: the live
 * view failing must not stall call distribution.
 */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  constructor(private readonly onError: (err: unknown, context: string) => void) {}

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch (err) {
        this.onError(err, 'listener');
      }
    }
  }
}
