// clientToken idempotency for any service: the first call with a token runs and its result is stored in
// the same transaction; a repeat with the same input gets that result back without running again; a
// repeat with a different input is rejected. Concurrent first calls serialise on the write transaction.
import { createHash } from 'node:crypto';
import { CatalogError } from './errors.js';
function requestHash(input) {
    const canonical = JSON.stringify(input, (_key, value) => value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
        : value);
    return createHash('sha256')
        .update(canonical ?? '')
        .digest('hex');
}
export async function idempotent(store, key, input, now, work) {
    if (!key)
        return work();
    const hash = requestHash(input);
    return store.write(async (tx) => {
        const previous = await tx.getIdempotency(key);
        if (previous) {
            if (previous.requestHash !== hash) {
                throw new CatalogError('Conflict', `The clientToken '${key.clientToken}' was already used with different parameters for ${key.operation}.`, 'clientToken', key.clientToken);
            }
            return JSON.parse(previous.responseJson);
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
//# sourceMappingURL=idempotency.js.map