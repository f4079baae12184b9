// Logs as an operator reads them from a running `quiver serve`: JSON lines on stdout, each line of a request
// carrying its id, the same id the AWS response names in x-amzn-RequestId; QUIVER_LOG_FORMAT=pretty for a
// person at a terminal.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { CreateDomainCommand, DescribeDomainCommand, ResourceNotFoundException } from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../helpers/clients.js';
import { spawnQuiver, stopProcess, tempDir } from '../helpers/quiver.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('logs', () => {
  it('are JSON lines on stdout with the request id on every line, equal to x-amzn-RequestId', async () => {
    const dataDir = tempDir('quiver-logs-');
    dirs.push(dataDir);
    const quiver = await spawnQuiver(dataDir, { QUIVER_LOG_LEVEL: 'info' });
    let stdout = '';
    quiver.child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const client = codeartifact(quiver.endpoint, quiver.credentials);
    try {
      const created = await client.send(new CreateDomainCommand({ domain: 'logged' }));
      const createdId = created.$metadata.requestId!;
      let missingId = '';
      await assert.rejects(client.send(new DescribeDomainCommand({ domain: 'absent' })), (error) => {
        assert.ok(error instanceof ResourceNotFoundException);
        missingId = error.$metadata.requestId!;
        return true;
      });
      const health = await fetch(`${quiver.endpoint}/_quiver/health`, { headers: { 'x-request-id': 'proxy-id-0001' } });
      assert.equal(health.status, 200);
      const ids = [createdId, missingId, 'proxy-id-0001'];
      // Each request logs two lines; the second may arrive after its response did.
      const linesOf = (id: string) => stdout.split('\n').filter((line) => line.includes(`"reqId":"${id}"`)).length;
      await until(() => stdout.endsWith('\n') && ids.every((id) => linesOf(id) >= 2), 'the request log lines');

      const lines = stdout.split('\n').filter((line) => line !== '');
      const entries = lines.map((line) => {
        assert.doesNotThrow(() => JSON.parse(line), `a JSON line: ${line}`);
        return JSON.parse(line) as { reqId?: string; msg: string; level: number; req?: unknown; res?: unknown };
      });
      for (const entry of entries) {
        assert.equal(typeof entry.level, 'number');
        if (entry.req || entry.res) assert.ok(entry.reqId, `a request's line names its request: ${entry.msg}`);
      }
      for (const id of ids) {
        const mine = entries.filter((entry) => entry.reqId === id);
        assert.deepEqual(
          mine.map((entry) => entry.msg),
          ['incoming request', 'request completed'],
          `the lines of request ${id}`,
        );
      }
    } finally {
      client.destroy();
      await stopProcess(quiver.child);
    }
  });

  it('QUIVER_LOG_FORMAT=pretty renders them for a terminal', async () => {
    const dataDir = tempDir('quiver-logs-');
    dirs.push(dataDir);
    const quiver = await spawnQuiver(dataDir, { QUIVER_LOG_LEVEL: 'info', QUIVER_LOG_FORMAT: 'pretty' });
    let stdout = '';
    quiver.child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    try {
      const response = await fetch(`${quiver.endpoint}/_quiver/health/live`, {
        headers: { 'x-request-id': 'pretty-id-0002' },
      });
      assert.equal(response.status, 200);
      await until(() => /request completed/.test(stdout), 'the pretty line');
      assert.match(stdout, /INFO.*request completed/);
      assert.match(stdout, /reqId: "pretty-id-0002"/);
      assert.ok(
        stdout.split('\n').every((line) => !line.startsWith('{')),
        'no JSON lines in pretty mode',
      );
    } finally {
      await stopProcess(quiver.child);
    }
  });
});
