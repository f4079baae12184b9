// clientToken idempotency for any service: the first call with a token runs and its result is stored in
// the same transaction; a repeat with the same input gets that result back without running again; a
// repeat with a different input is rejected. Concurrent first calls serialise on the write transaction.
import { createHash } from 'node:crypto';
import type { Scope } from '../../store/records.js';
import type { IdempotencyTx, Store } from '../../store/store.js';
import { CatalogError } from './errors.js';

export interface IdempotencyKey extends Scope {
  service: string;
  operation: string;
  clientToken: string;
}

function requestHash(input: unknown): string {
  const canonical = JSON.stringify(input, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256')
    .update(canonical ?? '')
    .digest('hex');
}

export async function idempotent<T>(
  store: Store<IdempotencyTx>,
  key: IdempotencyKey | undefined,
  input: unknown,
  now: number,
  work: () => Promise<T>,
): Promise<T> {
  if (!key) return work();
  const hash = requestHash(input);
  return store.write(async (tx) => {
    const previous = await tx.getIdempotency(key);
    if (previous) {
      if (previous.requestHash !== hash) {
        throw new CatalogError(
          'Conflict',
          `The clientToken '${key.clientToken}' was already used with different parameters for ${key.operation}.`,
          'clientToken',
          key.clientToken,
        );
      }
      return JSON.parse(previous.responseJson) as T;
    }
    const result = await work();
    await tx.insertIdempotency({
      ...key,
      requestHash: hash,
      responseJson: JSON.stringify(result ?? null),
      createdAt: now,
    });
    return result;
  });
}
