// `quiver accounts …` and `quiver keys …`: administration straight against the store (the server may be
// running; SQLite's WAL lets both work at once).
import Table from 'cli-table3';
import { createAccessKey, createAccount } from '../domain/identity/identity.js';
const table = (head, rows) => {
    const out = new Table({ head, style: { head: [], border: [] } });
    out.push(...rows);
    return out.toString();
};
export async function accountsCreate(store, name, accountId) {
    const account = await createAccount(store, name, Date.now(), accountId);
    const key = await createAccessKey(store, account.accountId, Date.now());
    return [
        table(['account id', 'name', 'access key id', 'secret access key'], [[account.accountId, account.name, key.accessKeyId, key.secretAccessKey]]),
        `export AWS_ACCESS_KEY_ID=${key.accessKeyId} AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
    ].join('\n');
}
export async function accountsList(store) {
    const accounts = await store.read((tx) => tx.listAccounts());
    const rows = [];
    for (const account of accounts) {
        const keys = await store.read((tx) => tx.listAccessKeys(account.accountId));
        rows.push([account.accountId, account.name, String(keys.length), new Date(account.createdAt).toISOString()]);
    }
    return table(['account id', 'name', 'keys', 'created'], rows);
}
export async function keysCreate(store, accountId) {
    const key = await createAccessKey(store, accountId, Date.now());
    return [
        table(['account id', 'access key id', 'secret access key'], [[key.accountId, key.accessKeyId, key.secretAccessKey]]),
        `export AWS_ACCESS_KEY_ID=${key.accessKeyId} AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
    ].join('\n');
}
export async function keysList(store, accountId) {
    const keys = await store.read((tx) => tx.listAccessKeys(accountId));
    return table(['access key id', 'created'], keys.map((key) => [key.accessKeyId, new Date(key.createdAt).toISOString()]));
}
//# sourceMappingURL=admin.js.map