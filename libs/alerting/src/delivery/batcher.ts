/**
 * Gathers calls made within a moment into one: many deliveries in flight at once then cost one SQL
 * statement (planned once, one round trip) instead of one each. Callers still get their own result
 * and their own failure; a batch that fails fails every caller in it (the queue retries them).
 */
export class Batcher<K, V> {
  private pending: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly maxSize = 200,
    private readonly waitMs = 2,
  ) {}

  add(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.waitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((item) => item.key)).then(
      (values) => batch.forEach((item, index) => item.resolve(values[index])),
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    );
  }
}
