import { invalid, notFound } from '../shared/errors.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey } from '../shared/ids.js';
const ACCOUNT_ID = /^\d{12}$/;
export async function ensureRootIdentity(store, wanted, now) {
    if (wanted.accountId !== undefined && !ACCOUNT_ID.test(wanted.accountId)) {
        throw invalid(`QUIVER_ACCOUNT_ID must be 12 digits, got '${wanted.accountId}'`);
    }
    if ((wanted.accessKeyId === undefined) !== (wanted.secretAccessKey === undefined)) {
        throw invalid('QUIVER_ACCESS_KEY_ID and QUIVER_SECRET_ACCESS_KEY must be set together');
    }
    return store.write(async (tx) => {
        let accountId;
        if (wanted.accountId) {
            await tx.setSetting('root_account_id', wanted.accountId);
            accountId = wanted.accountId;
        }
        else {
            accountId = await tx.setSettingIfAbsent('root_account_id', newAccountId());
        }
        await tx.insertAccount({ accountId, name: 'root', createdAt: now });
        let key;
        if (wanted.accessKeyId && wanted.secretAccessKey) {
            key = { accessKeyId: wanted.accessKeyId, secretAccessKey: wanted.secretAccessKey, accountId, createdAt: now };
            await tx.upsertAccessKey(key);
            await tx.setSetting('root_access_key_id', key.accessKeyId);
        }
        else {
            const rootKeyId = await tx.getSetting('root_access_key_id');
            key = rootKeyId ? await tx.getAccessKey(rootKeyId) : undefined;
            if (!key || key.accountId !== accountId) {
                key = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey(), accountId, createdAt: now };
                await tx.upsertAccessKey(key);
                await tx.setSetting('root_access_key_id', key.accessKeyId);
            }
        }
        return { accountId, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    });
}
export async function createAccount(store, name, now, accountId = newAccountId()) {
    if (!ACCOUNT_ID.test(accountId))
        throw invalid(`an account id is 12 digits, got '${accountId}'`);
    const account = { accountId, name, createdAt: now };
    const created = await store.write((tx) => tx.insertAccount(account));
    if (!created)
        throw invalid(`account ${accountId} already exists`);
    return account;
}
export async function createAccessKey(store, accountId, now) {
    return store.write(async (tx) => {
        if (!(await tx.getAccount(accountId)))
            throw notFound('account', accountId, `account ${accountId} does not exist`);
        const key = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey(), accountId, createdAt: now };
        await tx.upsertAccessKey(key);
        return key;
    });
}
/** A small in-process cache in front of the key lookup every signed request makes. */
export function secretResolver(store, ttlMs = 5_000) {
    const cache = new Map();
    return async (accessKeyId) => {
        const now = Date.now();
        const hit = cache.get(accessKeyId);
        if (hit && hit.expires > now)
            return hit.value;
        const value = await store.read((tx) => tx.getAccessKey(accessKeyId));
        // Only known keys are cached: a key created a moment ago by `quiver keys create` must work at once.
        if (cache.size > 10_000)
            cache.clear();
        if (value)
            cache.set(accessKeyId, { value, expires: now + ttlMs });
        return value;
    };
}
//# sourceMappingURL=identity.js.map