// The access-control area of the Store contract (users, user keys, identity and resource policies, the
// change counter, the audit trail), run by storeConformance on every backend.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AuditFilter } from '../../src/store/records/access.js';
import type { Store } from '../../src/store/store.js';

export function accessConformance(store: () => Store, accountId: string): void {
  const user = { accountId, userName: 'alice', userId: 'AIDAALICE', createdAt: 1 };
  const key = { accessKeyId: 'AKIAALICE', secretAccessKey: 's', accountId, createdAt: 1 };

  it('access: users are unique, their keys resolve to them, and every change moves the counter', async () => {
    const seq = () => store().read((tx) => tx.accessChangeSeq());
    const start = await seq();
    assert.equal(await store().write((tx) => tx.insertUser(user)), true);
    assert.equal(await store().write((tx) => tx.insertUser({ ...user, userId: 'AIDAOTHER' })), false);
    assert.ok((await seq()) > start);
    await store().write(async (tx) => {
      await tx.upsertAccessKey(key);
      await tx.bindKeyToUser(key.accessKeyId, accountId, 'alice');
    });
    assert.deepEqual(await store().read((tx) => tx.getKeyPrincipal('AKIAALICE')), {
      accessKeyId: 'AKIAALICE',
      accountId,
      userName: 'alice',
      userId: 'AIDAALICE',
    });
    await store().write((tx) => tx.upsertAccessKey({ ...key, accessKeyId: 'AKIAROOT' }));
    assert.deepEqual(await store().read((tx) => tx.getKeyPrincipal('AKIAROOT')), {
      accessKeyId: 'AKIAROOT',
      accountId,
    });
    assert.equal(await store().read((tx) => tx.getKeyPrincipal('AKIANONE')), undefined);

    const beforePolicy = await seq();
    await store().write((tx) =>
      tx.putUserPolicy({ accountId, userName: 'alice', policyName: 'p', document: '{"a":1}', updatedAt: 2 }),
    );
    await store().write((tx) =>
      tx.putUserPolicy({ accountId, userName: 'alice', policyName: 'p', document: '{"a":2}', updatedAt: 3 }),
    );
    const policies = await store().read((tx) => tx.listUserPolicies(accountId, 'alice'));
    assert.deepEqual(
      policies.map((p) => [p.policyName, p.document, p.updatedAt]),
      [['p', '{"a":2}', 3]],
    );
    assert.ok((await seq()) >= beforePolicy + 2);
    assert.deepEqual(await store().read((tx) => tx.listUsers(accountId)), [user]);
  });

  it('access: deleting a user removes its keys and policies with it', async () => {
    assert.equal(await store().write((tx) => tx.deleteUser(accountId, 'alice')), true);
    assert.equal(await store().read((tx) => tx.getAccessKey('AKIAALICE')), undefined);
    assert.equal(await store().read((tx) => tx.getKeyPrincipal('AKIAALICE')), undefined);
    assert.deepEqual(await store().read((tx) => tx.listUserPolicies(accountId, 'alice')), []);
    assert.ok(await store().read((tx) => tx.getAccessKey('AKIAROOT')));
    assert.equal(await store().write((tx) => tx.deleteUser(accountId, 'alice')), false);
  });

  it('access: resource policies are kept per ARN with their revision', async () => {
    const arn = `arn:aws:codeartifact:us-east-1:${accountId}:domain/d`;
    const record = { resourceArn: arn, accountId, document: '{}', revision: 'r1', updatedAt: 1 };
    await store().write((tx) => tx.putResourcePolicy(record));
    await store().write((tx) => tx.putResourcePolicy({ ...record, document: '{"x":1}', revision: 'r2' }));
    assert.deepEqual(await store().read((tx) => tx.getResourcePolicy(arn)), {
      ...record,
      document: '{"x":1}',
      revision: 'r2',
    });
    assert.equal(await store().write((tx) => tx.deleteResourcePolicy(arn)), true);
    assert.equal(await store().write((tx) => tx.deleteResourcePolicy(arn)), false);
    assert.equal(await store().read((tx) => tx.getResourcePolicy(arn)), undefined);
  });

  it('access: the audit trail keeps rows in order and filters by principal, action prefix, resource, outcome, time', async () => {
    const row = (at: number, principalArn: string, action: string, outcome: 'allowed' | 'denied') => ({
      at,
      principalArn,
      action,
      resourceArn: 'arn:aws:codeartifact:us-east-1:111122223333:repository/d/r',
      requestId: `req-${at}`,
      sourceAddress: '127.0.0.1',
      outcome,
      ...(outcome === 'denied' ? { detail: 'AccessDeniedException' } : {}),
    });
    await store().write(async (tx) => {
      await tx.insertAudit(row(10, 'arn:aws:iam::1:user/a', 'codeartifact:PublishPackageVersion', 'allowed'));
      await tx.insertAudit(row(20, 'arn:aws:iam::1:user/b', 'codeartifact:DeleteRepository', 'denied'));
      await tx.insertAudit(row(30, 'arn:aws:iam::1:user/a', 'iot:CreatePackage', 'allowed'));
    });
    const all = await store().read((tx) => tx.listAudit({ limit: 10 }));
    assert.deepEqual(
      all.map((r) => r.at),
      [10, 20, 30],
    );
    assert.equal(all[1]!.detail, 'AccessDeniedException');
    const list = (filter: Omit<AuditFilter, 'limit'>) =>
      store().read(async (tx) => (await tx.listAudit({ limit: 10, ...filter })).map((r) => r.at));
    assert.deepEqual(await list({ principalArn: 'arn:aws:iam::1:user/a' }), [10, 30]);
    assert.deepEqual(await list({ action: 'codeartifact:*' }), [10, 20]);
    assert.deepEqual(await list({ outcome: 'denied' }), [20]);
    assert.deepEqual(await list({ from: 15, to: 30 }), [20]);
    assert.deepEqual(await list({ resourceArn: 'arn:aws:codeartifact:*' }), [10, 20, 30]);
    assert.deepEqual(await list({ afterId: all[0]!.id }), [20, 30]);
  });
}
