// IAM-style users of an account, their access keys and their attached identity policies (IAM JSON).
// A policy is checked and compiled before it is stored, so a stored document always compiles.
import type { AccessKeyRecord } from '../../store/records.js';
import type { UserPolicyRecord, UserRecord } from '../../store/records/access.js';
import type { AccessTx, IdentityTx, Store } from '../../store/store.js';
import { conflict, invalid, notFound } from '../shared/errors.js';
import { newAccessKeyId, newSecretAccessKey, randomString } from '../shared/ids.js';
import { compilePolicy } from './policy/document.js';

// IAM's rules: user names 1–64 of [\w+=,.@-], policy names 1–128 of the same.
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export const userArn = (accountId: string, userName: string) => `arn:aws:iam::${accountId}:user/${userName}`;
export const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;

function checkUserName(userName: string): void {
  if (!USER_NAME.test(userName))
    throw invalid(`a user name is 1 to 64 letters, digits or + = , . @ _ - characters, got '${userName}'`);
}

const userNotFound = (accountId: string, userName: string) =>
  notFound('user', userName, `The user with name ${userName} cannot be found in account ${accountId}.`);

export class Users {
  constructor(private readonly store: Store<IdentityTx & AccessTx>) {}

  async create(accountId: string, userName: string, now: number): Promise<UserRecord> {
    checkUserName(userName);
    return this.store.write(async (tx) => {
      if (!(await tx.getAccount(accountId)))
        throw notFound('account', accountId, `account ${accountId} does not exist`);
      const user = {
        accountId,
        userName,
        userId: `AIDA${randomString('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}`,
        createdAt: now,
      };
      if (!(await tx.insertUser(user)))
        throw conflict('user', userName, `User with name ${userName} already exists in account ${accountId}.`);
      return user;
    });
  }

  list(accountId: string): Promise<UserRecord[]> {
    return this.store.read((tx) => tx.listUsers(accountId));
  }

  async delete(accountId: string, userName: string): Promise<void> {
    await this.store.write(async (tx) => {
      if (!(await tx.deleteUser(accountId, userName))) throw userNotFound(accountId, userName);
    });
  }

  /** A new long-term key acting as the user. */
  async createKey(accountId: string, userName: string, now: number): Promise<AccessKeyRecord> {
    return this.store.write(async (tx) => {
      if (!(await tx.getUser(accountId, userName))) throw userNotFound(accountId, userName);
      const key = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey(), accountId, createdAt: now };
      await tx.upsertAccessKey(key);
      await tx.bindKeyToUser(key.accessKeyId, accountId, userName);
      return key;
    });
  }

  listKeyIds(accountId: string, userName: string): Promise<string[]> {
    return this.store.read((tx) => tx.listUserKeyIds(accountId, userName));
  }

  /** Attaches (or replaces) the named policy; an invalid document is refused with the problem named. */
  async attachPolicy(
    accountId: string,
    userName: string,
    policyName: string,
    document: string,
    now: number,
  ): Promise<UserPolicyRecord> {
    if (!POLICY_NAME.test(policyName))
      throw invalid(`a policy name is 1 to 128 letters, digits or + = , . @ _ - characters, got '${policyName}'`);
    compilePolicy(document, 'identity');
    return this.store.write(async (tx) => {
      if (!(await tx.getUser(accountId, userName))) throw userNotFound(accountId, userName);
      const policy = { accountId, userName, policyName, document, updatedAt: now };
      await tx.putUserPolicy(policy);
      return policy;
    });
  }

  async detachPolicy(accountId: string, userName: string, policyName: string): Promise<void> {
    await this.store.write(async (tx) => {
      if (!(await tx.deleteUserPolicy(accountId, userName, policyName)))
        throw notFound('policy', policyName, `The user ${userName} has no policy named ${policyName}.`);
    });
  }

  async listPolicies(accountId: string, userName: string): Promise<UserPolicyRecord[]> {
    return this.store.read(async (tx) => {
      if (!(await tx.getUser(accountId, userName))) throw userNotFound(accountId, userName);
      return tx.listUserPolicies(accountId, userName);
    });
  }
}
