/** A set of listeners with subscribe-returns-unsubscribe, the shape every platform event uses. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}
