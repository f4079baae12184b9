// `quiver accounts …` and `quiver keys …`: administration straight against the store (the server may be
// running; SQLite's WAL lets both work at once).
//
// Every change made here is in the audit trail like a request's: principal `local-admin/<OS user>` (whoever ran
// the CLI on this machine: it holds the store, so it is no IAM principal), source address `cli`, the IAM action
// the change stands for (iam:CreateUser, iam:CreateAccessKey, iam:PutUserPolicy, …) on the user's or account
// root's ARN. The row is written by the same auditing Store the server uses, in the change's own transaction,
// so a change that fails (a duplicate user, a malformed policy) leaves no row and a committed one always has it.
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import Table from 'cli-table3';
import { createAccessKey, createAccount } from '../domain/identity/identity.js';
import { rootArn, Users, userArn } from '../domain/identity/users.js';
import { newAccountId } from '../domain/shared/ids.js';
import { AuditTrail } from '../domain/identity/audit.js';
import { ConfigError } from '../config.js';
import type { AuditOutcome } from '../store/records.js';
import type { Store } from '../store/store.js';

const table = (head: string[], rows: string[][]) => {
  const out = new Table({ head, style: { head: [], border: [] } });
  out.push(...rows);
  return out.toString();
};

/** The audit trail's principal for the admin CLI: the operating-system user who ran it. */
export function localAdmin(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): fall back to the environment, then the uid.
  }
  return `local-admin/${name || process.env.USER || `uid-${process.getuid?.() ?? 'unknown'}`}`;
}

/** Runs one admin change with its audit row in the change's first write transaction. */
function audited<T>(store: Store, action: string, resourceArn: string, work: (store: Store) => Promise<T>): Promise<T> {
  const trail = new AuditTrail(store);
  return trail.scope(() => {
    trail.describeRequest({
      principalArn: localAdmin(),
      action,
      resourceArn,
      requestId: randomUUID(),
      sourceAddress: 'cli',
    });
    return work(trail.auditing(store));
  });
}

export async function accountsCreate(store: Store, name: string, accountId = newAccountId()): Promise<string> {
  const { account, key } = await audited(store, 'organizations:CreateAccount', rootArn(accountId), async (store) => {
    const account = await createAccount(store, name, Date.now(), accountId);
    return { account, key: await createAccessKey(store, account.accountId, Date.now()) };
  });
  return [
    table(
      ['account id', 'name', 'access key id', 'secret access key'],
      [[account.accountId, account.name, key.accessKeyId, key.secretAccessKey]],
    ),
    `export AWS_ACCESS_KEY_ID=${key.accessKeyId} AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
  ].join('\n');
}

export async function accountsList(store: Store): Promise<string> {
  const accounts = await store.read((tx) => tx.listAccounts());
  const rows: string[][] = [];
  for (const account of accounts) {
    const keys = await store.read((tx) => tx.listAccessKeys(account.accountId));
    rows.push([account.accountId, account.name, String(keys.length), new Date(account.createdAt).toISOString()]);
  }
  return table(['account id', 'name', 'keys', 'created'], rows);
}

export async function keysCreate(store: Store, accountId: string): Promise<string> {
  const key = await audited(store, 'iam:CreateAccessKey', rootArn(accountId), (store) =>
    createAccessKey(store, accountId, Date.now()),
  );
  return [
    table(
      ['account id', 'access key id', 'secret access key'],
      [[key.accountId, key.accessKeyId, key.secretAccessKey]],
    ),
    `export AWS_ACCESS_KEY_ID=${key.accessKeyId} AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
  ].join('\n');
}

export async function keysList(store: Store, accountId: string): Promise<string> {
  const keys = await store.read((tx) => tx.listAccessKeys(accountId));
  return table(
    ['access key id', 'created'],
    keys.map((key) => [key.accessKeyId, new Date(key.createdAt).toISOString()]),
  );
}

// `quiver users …`, `quiver keys create --user …`, `quiver policies …`: IAM-style users of an account and
// the identity policies attached to them.

export async function usersCreate(store: Store, accountId: string, userName: string): Promise<string> {
  const user = await audited(store, 'iam:CreateUser', userArn(accountId, userName), (store) =>
    new Users(store).create(accountId, userName, Date.now()),
  );
  return table(
    ['account id', 'user', 'arn', 'user id'],
    [[accountId, user.userName, userArn(accountId, user.userName), user.userId]],
  );
}

export async function usersList(store: Store, accountId: string): Promise<string> {
  const users = new Users(store);
  const rows: string[][] = [];
  for (const user of await users.list(accountId)) {
    const keys = await users.listKeyIds(accountId, user.userName);
    const policies = await users.listPolicies(accountId, user.userName);
    rows.push([
      user.userName,
      userArn(accountId, user.userName),
      keys.join(' ') || '-',
      policies.map((policy) => policy.policyName).join(' ') || '-',
      new Date(user.createdAt).toISOString(),
    ]);
  }
  return table(['user', 'arn', 'access keys', 'policies', 'created'], rows);
}

export async function usersDelete(store: Store, accountId: string, userName: string): Promise<string> {
  await audited(store, 'iam:DeleteUser', userArn(accountId, userName), (store) =>
    new Users(store).delete(accountId, userName),
  );
  return `deleted user ${userName} of account ${accountId}, with its access keys and policies`;
}

export async function userKeysCreate(store: Store, accountId: string, userName: string): Promise<string> {
  const key = await audited(store, 'iam:CreateAccessKey', userArn(accountId, userName), (store) =>
    new Users(store).createKey(accountId, userName, Date.now()),
  );
  return [
    table(
      ['account id', 'user', 'access key id', 'secret access key'],
      [[key.accountId, userName, key.accessKeyId, key.secretAccessKey]],
    ),
    `export AWS_ACCESS_KEY_ID=${key.accessKeyId} AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`,
  ].join('\n');
}

export async function policiesAttach(
  store: Store,
  accountId: string,
  userName: string,
  policyName: string,
  document: string,
): Promise<string> {
  await audited(store, 'iam:PutUserPolicy', userArn(accountId, userName), (store) =>
    new Users(store).attachPolicy(accountId, userName, policyName, document, Date.now()),
  );
  return `attached policy ${policyName} to user ${userName}`;
}

export async function policiesDetach(store: Store, accountId: string, userName: string, policyName: string) {
  await audited(store, 'iam:DeleteUserPolicy', userArn(accountId, userName), (store) =>
    new Users(store).detachPolicy(accountId, userName, policyName),
  );
  return `detached policy ${policyName} from user ${userName}`;
}

/** Each attached policy as one JSON line: `{"policyName": …, "document": {…}}`. */
export async function policiesList(store: Store, accountId: string, userName: string): Promise<string> {
  const policies = await new Users(store).listPolicies(accountId, userName);
  return policies
    .map((policy) =>
      JSON.stringify({
        policyName: policy.policyName,
        updated: new Date(policy.updatedAt).toISOString(),
        document: JSON.parse(policy.document),
      }),
    )
    .join('\n');
}

export interface AuditOptions {
  principal?: string;
  action?: string;
  resource?: string;
  outcome?: string;
  since?: string;
  until?: string;
  limit?: string;
}

function instant(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at))
    throw new ConfigError(`${flag} must be a date or time such as 2026-12-01T12:00:00Z, got '${value}'`);
  return at;
}

/**
 * `quiver audit`: the trail as JSON lines, oldest first, written as it is read (pages of 1,000). A filter
 * ending in `*` matches every value starting with what precedes it (`--action 'codeartifact:Put*'`).
 */
export async function auditLines(store: Store, options: AuditOptions, write: (line: string) => void): Promise<void> {
  if (options.outcome !== undefined && !['allowed', 'denied'].includes(options.outcome))
    throw new ConfigError(`--outcome must be allowed or denied, got '${options.outcome}'`);
  const limit = options.limit === undefined ? Number.POSITIVE_INFINITY : Number(options.limit);
  if (!(limit > 0)) throw new ConfigError(`--limit must be a positive number, got '${options.limit}'`);
  const trail = new AuditTrail(store);
  const filter = {
    principalArn: options.principal,
    action: options.action,
    resourceArn: options.resource,
    outcome: options.outcome as AuditOutcome | undefined,
    from: instant(options.since, '--since'),
    to: instant(options.until, '--until'),
  };
  let afterId: number | undefined;
  let left = limit;
  while (left > 0) {
    const rows = await trail.list({ ...filter, afterId, limit: Math.min(1000, left) });
    for (const row of rows) {
      write(
        JSON.stringify({
          time: new Date(row.at).toISOString(),
          principal: row.principalArn,
          action: row.action,
          resource: row.resourceArn,
          requestId: row.requestId,
          sourceAddress: row.sourceAddress,
          outcome: row.outcome,
          ...(row.detail === undefined ? {} : { error: row.detail }),
        }),
      );
    }
    if (rows.length === 0) break;
    left -= rows.length;
    afterId = rows[rows.length - 1]!.id;
  }
}
