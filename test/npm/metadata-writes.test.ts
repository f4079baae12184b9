// QA H3, M3, M4: npm metadata PUTs honour `_rev`; a stale `npm deprecate` (or unpublish) racing a publish is a
// 409 and loses nothing; a body that is not a packument, or a malformed publish document, is a 400 with a message
// and changes nothing.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { npmFetch, npmPublishDocument, npmWorld } from '../helpers/npm.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
let token: string;
let registry: string;
before(async () => {
  server = await startQuiver();
  const client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'qa' }));
  await client.send(new CreateRepositoryCommand({ domain: 'qa', repository: 'r1' }));
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'qa' }))).authorizationToken!;
  registry = `${server.endpoint}/qa-${server.credentials.accountId}/npm/r1/`;
});
after(async () => {
  await server.stop();
});

const npm = (method: string, path: string, body?: unknown) => npmFetch(registry, token, method, path, body);
const versionsOf = async (name: string) => Object.keys((await npm('GET', name)).json.versions).sort();

describe('npm metadata writes honour _rev (QA H3)', () => {
  it('the QA repro: a deprecate written back after a publish it did not see is a 409, and 1.1.0 stays', async () => {
    assert.equal((await npm('PUT', 'stale2', npmPublishDocument('stale2', '1.0.0'))).status, 201);
    const read = (await npm('GET', 'stale2')).json;
    assert.equal((await npm('PUT', 'stale2', npmPublishDocument('stale2', '1.1.0'))).status, 201);
    read.versions['1.0.0'].deprecated = 'use 1.1';
    const stale = await npm('PUT', 'stale2', read);
    assert.equal(stale.status, 409, stale.text);
    assert.match(stale.json.error, /changed since revision/);
    assert.deepEqual(await versionsOf('stale2'), ['1.0.0', '1.1.0']);
    assert.equal((await npm('GET', 'stale2/-/stale2-1.1.0.tgz')).status, 200);
    // Read again, write again: it goes through, and touches only what it changed.
    const fresh = (await npm('GET', 'stale2')).json;
    fresh.versions['1.0.0'].deprecated = 'use 1.1';
    assert.equal((await npm('PUT', 'stale2', fresh)).status, 200);
    const after = (await npm('GET', 'stale2')).json;
    assert.equal(after.versions['1.0.0'].deprecated, 'use 1.1');
    assert.equal(after.versions['1.1.0'].deprecated, undefined);
    assert.notEqual(after._rev, fresh._rev);
  });

  it('a deprecate names only some versions: the others are not touched (deletion is the unpublish path only)', async () => {
    for (const v of ['1.0.0', '2.0.0']) await npm('PUT', 'partial', npmPublishDocument('partial', v));
    const read = (await npm('GET', 'partial')).json;
    const response = await npm('PUT', 'partial', {
      name: 'partial',
      _rev: read._rev,
      versions: { '1.0.0': { ...read.versions['1.0.0'], deprecated: 'old' } },
    });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(await versionsOf('partial'), ['1.0.0', '2.0.0']);
  });

  it('a stale unpublish (PUT or DELETE on -rev/<old rev>) is a 409; the current one works', async () => {
    await npm('PUT', 'unpub', npmPublishDocument('unpub', '1.0.0'));
    const read = (await npm('GET', 'unpub')).json;
    await npm('PUT', 'unpub', npmPublishDocument('unpub', '1.1.0'));
    const { '1.0.0': _gone, ...kept } = read.versions;
    assert.equal((await npm('PUT', `unpub/-rev/${read._rev}`, { ...read, versions: kept })).status, 409);
    assert.equal((await npm('DELETE', `unpub/-rev/${read._rev}`)).status, 409);
    assert.deepEqual(await versionsOf('unpub'), ['1.0.0', '1.1.0']);
    const now = (await npm('GET', 'unpub')).json;
    const { '1.0.0': _removed, ...rest } = now.versions;
    assert.equal((await npm('PUT', `unpub/-rev/${now._rev}`, { ...now, versions: rest })).status, 200);
    assert.deepEqual(await versionsOf('unpub'), ['1.1.0']);
  });

  it('raced 50 times, a GET → PUT deprecate and a publish never lose the published version', async () => {
    await npm('PUT', 'race', npmPublishDocument('race', '1.0.0'));
    const outcomes = { ok: 0, conflict: 0 };
    for (let round = 1; round <= 50; round++) {
      const version = `1.${round}.0`;
      // npm deprecate reads the packument, then writes it back while another client's publish is in flight.
      const read = (await npm('GET', 'race')).json;
      read.versions['1.0.0'].deprecated = `round ${round}`;
      // The write-back starts 0–18 ms after the publish, so it lands before, during and after the publish's commit.
      const [published, deprecated] = await Promise.all([
        npm('PUT', 'race', npmPublishDocument('race', version)),
        new Promise((resolve) => setTimeout(resolve, (round % 10) * 2)).then(() => npm('PUT', 'race', read)),
      ]);
      assert.equal(published.status, 201, published.text);
      assert.ok([200, 409].includes(deprecated.status), deprecated.text);
      if (deprecated.status === 200) outcomes.ok++;
      else outcomes.conflict++;
      assert.equal((await npm('GET', `race/-/race-${version}.tgz`)).status, 200, `round ${round}`);
    }
    assert.equal((await versionsOf('race')).length, 51);
    console.log(`50 rounds: ${outcomes.ok} deprecates went through, ${outcomes.conflict} were 409`);
  });

  it('the real npm CLI: a deprecate that loses the race reports the 409, and nothing is lost', async () => {
    // A loopback relay to Quiver that, once, publishes a new version just before forwarding npm's metadata PUT —
    // so the npm CLI's GET → PUT is stale exactly as if another client had published in between.
    let interfered = false;
    const target = new URL(server.endpoint);
    const relay: Server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', async () => {
        const body = Buffer.concat(chunks);
        if (!interfered && incoming.method === 'PUT' && incoming.headers['npm-command'] === 'deprecate') {
          interfered = true;
          await npm('PUT', 'cli-race', npmPublishDocument('cli-race', '1.1.0'));
        }
        const forwarded = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: incoming.headers,
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forwarded.end(body);
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const address = relay.address() as { port: number };
      const world = npmWorld(`http://127.0.0.1:${address.port}`, server.credentials);
      await world.login('qa', 'r1');
      await world.npm(world.packageDir('cli-race', '1.0.0'), 'publish');
      const failed = await world.npm(world.home, 'deprecate', 'cli-race@1.0.0', 'old').then(
        () => undefined,
        (error: { stderr?: string }) => error.stderr ?? String(error),
      );
      assert.ok(interfered);
      assert.match(failed ?? 'npm deprecate succeeded', /409/);
      assert.deepEqual(await versionsOf('cli-race'), ['1.0.0', '1.1.0']);
      // Run again with nothing in between, it goes through.
      await world.npm(world.home, 'deprecate', 'cli-race@1.0.0', 'old');
      const view = JSON.parse(await world.npm(world.home, 'view', 'cli-race@1.0.0', '--json'));
      assert.equal(view.deprecated, 'old');
    } finally {
      relay.close();
    }
  });
});

describe('an npm PUT body that is not a packument is a 400, never a deletion (QA M4)', () => {
  it('"oops", [], {}, {"versions":[1,2]}, another name, null: 400 each, and both versions stay', async () => {
    for (const v of ['1.0.0', '2.0.0']) await npm('PUT', 'wipe2', npmPublishDocument('wipe2', v));
    const { _rev } = (await npm('GET', 'wipe2')).json;
    for (const [path, body] of [
      ['wipe2', '"oops"'],
      ['wipe2', '[]'],
      ['wipe2', '{}'],
      ['wipe2', '{"name":"wipe2","versions":[1,2]}'],
      ['wipe2', JSON.stringify({ name: 'other', versions: {} })],
      ['wipe2', JSON.stringify({ name: 'wipe2', _rev, versions: { '1.0.0': null } })],
      [`wipe2/-rev/${_rev}`, 'null'],
      [`wipe2/-rev/${_rev}`, '{"versions":{}}'],
    ] as const) {
      const response = await npm('PUT', path, body);
      assert.equal(response.status, 400, `${path} ${body}: ${response.text}`);
      assert.equal(typeof response.json.error, 'string');
    }
    assert.deepEqual(await versionsOf('wipe2'), ['1.0.0', '2.0.0']);
  });
});

describe('malformed npm publish documents are 400s with a message (QA M3)', () => {
  it('null attachment, non-string data and integrity, null manifest, null body', async () => {
    const variant = (change: (d: any) => void) => {
      const document = npmPublishDocument('crash2', '1.0.0');
      change(document);
      return document;
    };
    const cases: [string, string, unknown][] = [
      ['attachment null', 'crash2', variant((d) => (d._attachments['crash2-1.0.0.tgz'] = null))],
      ['attachment data number', 'crash2', variant((d) => (d._attachments['crash2-1.0.0.tgz'].data = 1))],
      ['integrity not a string', 'crash2', variant((d) => (d.versions['1.0.0'].dist.integrity = 1))],
      ['version manifest null', 'crash2', variant((d) => (d.versions['1.0.0'] = null))],
      ['dist-tag not a string', 'crash2', variant((d) => (d['dist-tags'].latest = null))],
      ['body null', 'crash2/-rev/1', 'null'],
    ];
    for (const [label, path, body] of cases) {
      const response = await npm('PUT', path, typeof body === 'string' ? body : JSON.stringify(body));
      assert.equal(response.status, 400, `${label}: ${response.text}`);
      assert.ok(response.json.error.length > 10, label);
    }
    assert.equal((await npm('GET', 'crash2')).status, 404);
  });
});
