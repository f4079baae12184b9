// The audit trail through `quiver audit`: every write (AWS API and npm) and every denied request, with time,
// principal, action, resource, request id, source address and outcome; reads leave nothing; a write that
// fails leaves no row (the row is in the write's transaction); filters by principal, action, resource,
// outcome and time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateDomainCommand, CreateRepositoryCommand, DescribeDomainCommand } from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { npmWorld } from '../helpers/npm.js';
import { repoRoot, startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { createUser, quiverCli, quiverOk } from './cli.js';

const READ_ONLY = readFileSync(join(repoRoot, 'docs/policies/read-only.json'), 'utf8');
const PUBLISHER = readFileSync(join(repoRoot, 'docs/policies/publisher.json'), 'utf8');

interface Line {
  time: string;
  principal: string;
  action: string;
  resource: string;
  requestId: string;
  sourceAddress: string;
  outcome: 'allowed' | 'denied';
  error?: string;
}

let server: RunningQuiver;
let A: string;
let started: string;
const audit = async (...filters: string[]): Promise<Line[]> =>
  (await quiverOk(server.dataDir, ['audit', ...filters]))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

let createId: string | undefined;
let deniedId: string | undefined;

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
  started = new Date(Date.now() - 1000).toISOString();
  const root = codeartifact(server.endpoint, server.credentials);
  createId = (await root.send(new CreateDomainCommand({ domain: 'logged' })))?.$metadata.requestId;
  await root.send(new CreateRepositoryCommand({ domain: 'logged', repository: 'npm-store' }));
  await root.send(new DescribeDomainCommand({ domain: 'logged' }));
  // a write that fails (the domain exists) commits nothing, its audit row included
  await assert.rejects(root.send(new CreateDomainCommand({ domain: 'logged' })), /ConflictException|already exists/);

  const reader = await createUser(server.dataDir, A, 'auditee', { 'read-only': READ_ONLY });
  await assert.rejects(
    codeartifact(server.endpoint, reader)
      .send(new CreateDomainCommand({ domain: 'forbidden' }))
      .catch((error: { $metadata: { requestId?: string } }) => {
        deniedId = error.$metadata.requestId;
        throw error;
      }),
    /AccessDeniedException|not authorized/,
  );
  const publisher = await createUser(server.dataDir, A, 'auditor-pub', { publisher: PUBLISHER });
  const pub = npmWorld(server.endpoint, publisher);
  await pub.login('logged', 'npm-store');
  await pub.npm(pub.packageDir('audited-pkg', '1.0.0'), 'publish');
  const ro = npmWorld(server.endpoint, reader);
  await ro.login('logged', 'npm-store');
  await ro.npm(ro.projectDir('ro-app'), 'install', 'audited-pkg');
  await assert.rejects(ro.npm(ro.packageDir('audited-pkg', '1.1.0'), 'publish'), /403/);
});
after(async () => {
  await server.stop();
});

describe('quiver audit', () => {
  it('records each write once, with its principal, action, resource, request id and source', async () => {
    const lines = await audit();
    const creates = lines.filter((line) => line.action === 'codeartifact:CreateDomain' && line.outcome === 'allowed');
    assert.equal(creates.length, 1, 'the failed second CreateDomain left no row');
    assert.deepEqual(
      { ...creates[0], time: undefined },
      {
        time: undefined,
        principal: `arn:aws:iam::${A}:root`,
        action: 'codeartifact:CreateDomain',
        resource: `arn:aws:codeartifact:us-east-1:${A}:domain/logged`,
        requestId: createId,
        sourceAddress: '127.0.0.1',
        outcome: 'allowed',
      },
    );
    assert.ok(Date.parse(creates[0]!.time) >= Date.parse(started));
    assert.ok(!lines.some((line) => line.action === 'codeartifact:DescribeDomain'), 'reads leave nothing');
    const published = lines.find(
      (line) => line.action === 'codeartifact:PublishPackageVersion' && line.outcome === 'allowed',
    );
    assert.equal(published?.principal, `arn:aws:iam::${A}:user/auditor-pub`);
    assert.equal(published?.resource, `arn:aws:codeartifact:us-east-1:${A}:package/logged/npm-store/npm//audited-pkg`);
  });

  it('marks the denied requests, AWS API and npm alike', async () => {
    const denied = await audit('--outcome', 'denied');
    assert.deepEqual(
      denied.map((line) => [line.principal, line.action, line.outcome, line.error]),
      [
        [`arn:aws:iam::${A}:user/auditee`, 'codeartifact:CreateDomain', 'denied', 'AccessDeniedException'],
        [`arn:aws:iam::${A}:user/auditee`, 'codeartifact:PublishPackageVersion', 'denied', 'AccessDeniedException'],
      ],
    );
    assert.equal(denied[0]!.requestId, deniedId);
  });

  it('filters by principal, action prefix, resource, time and count', async () => {
    const byUser = await audit('--principal', `arn:aws:iam::${A}:user/auditee`);
    assert.ok(byUser.length >= 2 && byUser.every((line) => line.principal.endsWith('user/auditee')));
    const creates = await audit('--action', 'codeartifact:Create*');
    assert.deepEqual([...new Set(creates.map((line) => line.action))].sort(), [
      'codeartifact:CreateDomain',
      'codeartifact:CreateRepository',
    ]);
    const onPackage = await audit('--resource', `arn:aws:codeartifact:us-east-1:${A}:package/*`);
    assert.ok(onPackage.length >= 2 && onPackage.every((line) => line.resource.includes(':package/')));
    assert.deepEqual(await audit('--since', new Date(Date.now() + 60_000).toISOString()), []);
    assert.equal((await audit('--until', started)).length, 0);
    assert.equal((await audit('--limit', '1')).length, 1);
    const bad = await quiverCli(server.dataDir, ['audit', '--since', 'yesterday-ish']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since must be a date/);
  });
});
