// Identity in SQL: accounts, their access keys, and the settings every instance shares (SettingTx, a slice of
// IdentityTx, for the services that keep configuration there).
import type { AccessKeyRecord, AccountRecord } from '../records/identity.js';
import { SqlArea } from './runner.js';

/** Settings shared by every instance (secrets, the root identity, per-account service configuration). */
export interface SettingTx {
  getSetting(name: string): Promise<string | undefined>;
  /** Stores `value` unless a value exists; returns whichever value is stored afterwards. */
  setSettingIfAbsent(name: string, value: string): Promise<string>;
  setSetting(name: string, value: string): Promise<void>;
}

export interface IdentityTx extends SettingTx {
  insertAccount(account: AccountRecord): Promise<boolean>;
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  listAccounts(): Promise<AccountRecord[]>;
  upsertAccessKey(key: AccessKeyRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(accountId: string): Promise<AccessKeyRecord[]>;
}

interface AccountRow {
  account_id: string;
  name: string;
  created_at: number | string;
}
interface AccessKeyRow {
  access_key_id: string;
  secret_access_key: string;
  account_id: string;
  created_at: number | string;
}

const toAccount = (row: AccountRow): AccountRecord => ({
  accountId: row.account_id,
  name: row.name,
  createdAt: Number(row.created_at),
});

const toAccessKey = (row: AccessKeyRow): AccessKeyRecord => ({
  accessKeyId: row.access_key_id,
  secretAccessKey: row.secret_access_key,
  accountId: row.account_id,
  createdAt: Number(row.created_at),
});

export class SqlIdentity extends SqlArea implements IdentityTx {
  async insertAccount(account: AccountRecord): Promise<boolean> {
    const { changes } = await this.sql.run(
      'INSERT INTO accounts (account_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [account.accountId, account.name, account.createdAt],
    );
    return changes === 1;
  }

  async getAccount(accountId: string): Promise<AccountRecord | undefined> {
    const row = await this.sql.get<AccountRow>(
      'SELECT account_id, name, created_at FROM accounts WHERE account_id = ?',
      [accountId],
    );
    return row && toAccount(row);
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await this.sql.all<AccountRow>(
      'SELECT account_id, name, created_at FROM accounts ORDER BY account_id',
    );
    return rows.map(toAccount);
  }

  async upsertAccessKey(key: AccessKeyRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO access_keys (access_key_id, secret_access_key, account_id, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (access_key_id) DO UPDATE SET secret_access_key = excluded.secret_access_key, account_id = excluded.account_id`,
      [key.accessKeyId, key.secretAccessKey, key.accountId, key.createdAt],
    );
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await this.sql.get<AccessKeyRow>(
      'SELECT access_key_id, secret_access_key, account_id, created_at FROM access_keys WHERE access_key_id = ?',
      [accessKeyId],
    );
    return row && toAccessKey(row);
  }

  async listAccessKeys(accountId: string): Promise<AccessKeyRecord[]> {
    const rows = await this.sql.all<AccessKeyRow>(
      'SELECT access_key_id, secret_access_key, account_id, created_at FROM access_keys WHERE account_id = ? ORDER BY created_at, access_key_id',
      [accountId],
    );
    return rows.map(toAccessKey);
  }

  async getSetting(name: string): Promise<string | undefined> {
    return (await this.sql.get<{ value: string }>('SELECT value FROM settings WHERE name = ?', [name]))?.value;
  }

  async setSettingIfAbsent(name: string, value: string): Promise<string> {
    await this.sql.run('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING', [name, value]);
    return (await this.getSetting(name))!;
  }

  async setSetting(name: string, value: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      [name, value],
    );
  }
}
