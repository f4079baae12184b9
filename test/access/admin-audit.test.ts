// The admin CLI's changes are in the audit trail: `quiver users|keys|policies|accounts …` run as their own
// processes against a server's store, and `quiver audit` shows each change once, with the local admin as
// principal (local-admin/<OS user>), source `cli`, the IAM action and the user's or root's ARN; a change that
// fails (a duplicate user, a malformed policy, an unknown policy) leaves no row; listing leaves none.
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { quiverCli, quiverOk } from './cli.js';

interface Line {
  time: string;
  principal: string;
  action: string;
  resource: string;
  requestId: string;
  sourceAddress: string;
  outcome: string;
}

let server: RunningQuiver;
let A: string;
const ADMIN = `local-admin/${userInfo().username}`;
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'codeartifact:List*', Resource: '*' }],
});

before(async () => {
  server = await startQuiver();
  A = server.credentials.accountId;
});
after(async () => {
  await server.stop();
});

const trail = async (...filters: string[]): Promise<Line[]> =>
  (await quiverOk(server.dataDir, ['audit', '--principal', 'local-admin/*', ...filters]))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

describe('admin CLI changes in the audit trail', () => {
  it('users, keys and policies changes are recorded once each, as the local admin from the cli; failures are not', async () => {
    const started = new Date().toISOString();
    const run = (...args: string[]) => quiverOk(server.dataDir, [...args, '--account', A]);
    await run('users', 'create', '--name', 'ci');
    assert.notEqual((await quiverCli(server.dataDir, ['users', 'create', '--name', 'ci'])).code, 0, 'a duplicate');
    await run('keys', 'create', '--user', 'ci');
    await quiverOk(server.dataDir, ['policies', 'attach', '--user', 'ci', '--name', 'list', '--file', '-'], POLICY);
    const malformed = await quiverCli(
      server.dataDir,
      ['policies', 'attach', '--user', 'ci', '--name', 'bad', '--file', '-'],
      '{"Statement": []}',
    );
    assert.notEqual(malformed.code, 0);
    await run('policies', 'list', '--user', 'ci');
    await run('users', 'list');
    await run('policies', 'detach', '--user', 'ci', '--name', 'list');
    assert.notEqual(
      (await quiverCli(server.dataDir, ['policies', 'detach', '--user', 'ci', '--name', 'list'])).code,
      0,
      'nothing to detach',
    );
    await run('keys', 'create');
    await run('users', 'delete', '--name', 'ci');

    const user = `arn:aws:iam::${A}:user/ci`;
    const lines = await trail('--since', started);
    assert.deepEqual(
      lines.map((line) => [line.action, line.resource]),
      [
        ['iam:CreateUser', user],
        ['iam:CreateAccessKey', user],
        ['iam:PutUserPolicy', user],
        ['iam:DeleteUserPolicy', user],
        ['iam:CreateAccessKey', `arn:aws:iam::${A}:root`],
        ['iam:DeleteUser', user],
      ],
    );
    for (const line of lines) {
      assert.equal(line.principal, ADMIN);
      assert.equal(line.sourceAddress, 'cli');
      assert.equal(line.outcome, 'allowed');
      assert.ok(line.time >= started);
    }
    assert.equal(new Set(lines.map((line) => line.requestId)).size, lines.length, 'one request id per change');

    // The filters apply to them like to any row.
    assert.deepEqual(
      (await trail('--action', 'iam:Delete*')).map((line) => line.action),
      ['iam:DeleteUserPolicy', 'iam:DeleteUser'],
    );
  });

  it('accounts create is recorded with the new account’s root', async () => {
    const out = await quiverOk(server.dataDir, ['accounts', 'create', '--name', 'team-b', '--id', '444455556666']);
    assert.match(out, /444455556666/);
    assert.deepEqual(
      (await trail('--action', 'organizations:CreateAccount')).map((line) => [line.resource, line.sourceAddress]),
      [['arn:aws:iam::444455556666:root', 'cli']],
    );
  });
});
