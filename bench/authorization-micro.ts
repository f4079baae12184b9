// The authorization step alone, in process: Authorizer.firstDenial for the account root and for a user with
// the 10-statement policy of bench/authorization.ts, on a real SQLite store (the change counter is read on
// every call, as on every request). Reports microseconds per call.
//   node --import tsx bench/authorization-micro.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyAttachments } from '../src/domain/codeartifact/arns.js';
import { Authorizer } from '../src/domain/identity/authorizer.js';
import { ensureRootIdentity } from '../src/domain/identity/identity.js';
import { Users } from '../src/domain/identity/users.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { TEN_STATEMENTS } from './authorization-policy.js';

const dir = mkdtempSync(join(tmpdir(), 'quiver-bench-authz-micro-'));
const store = new SqliteStore(join(dir, 'quiver.sqlite'));
try {
  const root = await ensureRootIdentity(store, {}, Date.now());
  const users = new Users(store);
  await users.create(root.accountId, 'ci-bench', Date.now());
  await users.attachPolicy(root.accountId, 'ci-bench', 'ten', TEN_STATEMENTS, Date.now());
  const userKey = await users.createKey(root.accountId, 'ci-bench', Date.now());
  const authorizer = new Authorizer(store, policyAttachments);
  const permission = {
    action: 'codeartifact:ListPackageVersions',
    resourceArn: `arn:aws:codeartifact:us-east-1:${root.accountId}:package/bench/repo/generic/ns/pkg`,
  };
  const calls = 50_000;
  for (const [who, key] of [
    ['root', root.accessKeyId],
    ['user, 10 statements', userKey.accessKeyId],
  ] as const) {
    const principal = (await authorizer.principalOf(key))!;
    const facts = { principal, region: 'us-east-1', sourceIp: '127.0.0.1', now: Date.now() };
    if (await authorizer.firstDenial(facts, [permission])) throw new Error(`${who} is denied`);
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await authorizer.firstDenial(facts, [permission]);
    const micros = Number(process.hrtime.bigint() - started) / 1000 / calls;
    console.log(`${who}: ${micros.toFixed(1)} µs per authorization (${calls} calls)`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
