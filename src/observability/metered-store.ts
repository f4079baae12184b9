// A Store that times each transaction for the metrics. Only the outermost call is timed: a read or write
// joining an active write is part of that write's time.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store, StoreTx, WriteOptions } from '../store/store.js';
import type { Metrics } from './metrics.js';

export class MeteredStore implements Store {
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(
    private readonly inner: Store,
    private readonly metrics: Metrics,
  ) {}

  get backend(): string {
    return this.inner.backend;
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.timed('read', () => this.inner.read(work));
  }

  write<T>(work: (tx: StoreTx) => Promise<T>, options?: WriteOptions): Promise<T> {
    return this.timed('write', () => this.inner.write(work, options));
  }

  integrityProblems(): Promise<string[]> {
    return this.inner.integrityProblems();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async timed<T>(kind: 'read' | 'write', run: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return run();
    const stop = this.metrics.storeDuration.startTimer({ backend: this.inner.backend, kind });
    try {
      return await this.inside.run(true, run);
    } finally {
      stop();
    }
  }
}
