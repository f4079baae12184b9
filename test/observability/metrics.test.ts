// /metrics scraped during a load of AWS and npm requests: the counters, histograms, cache lookups, blob bytes
// and the in-flight gauge a Prometheus server would read, parsed from the exposition format. And the health
// endpoints: live, ready, and not ready when the blob store does not answer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
  GetPackageVersionAssetCommand,
  ListDomainsCommand,
  PublishPackageVersionCommand,
  type CodeartifactClient,
} from '@aws-sdk/client-codeartifact';
import { burstClient } from '../helpers/clients.js';
import { parseExposition, samplesOf, sumOf, type Sample } from '../helpers/exposition.js';
import { freePort } from '../helpers/ports.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
let server: RunningQuiver;
let client: CodeartifactClient;
let registry: string;
let npmHeaders: Record<string, string>;

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${server.endpoint}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

before(async () => {
  server = await startQuiver({ QUIVER_METRICS_TOKEN: TOKEN });
  client = burstClient(server.endpoint, server.credentials, 32);
  await client.send(new CreateDomainCommand({ domain: 'metrics' }));
  await client.send(new CreateRepositoryCommand({ domain: 'metrics', repository: 'repo' }));
  const { authorizationToken } = await client.send(new GetAuthorizationTokenCommand({ domain: 'metrics' }));
  registry = `${server.endpoint}/metrics-${server.credentials.accountId}/npm/repo/`;
  npmHeaders = { authorization: `Bearer ${authorizationToken}`, 'content-type': 'application/json' };
});
after(async () => {
  client.destroy();
  await server.stop();
});

describe('Prometheus metrics', () => {
  it('GET /metrics needs the metrics token', async () => {
    const none = await fetch(`${server.endpoint}/metrics`);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await fetch(`${server.endpoint}/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(await wrong.text(), /quiver_/);
  });

  it('a scrape during a load shows requests by operation and route, latency histograms, caches and blob bytes', async () => {
    const tarball = Buffer.from('left-pad for the metrics');
    const published = await fetch(`${registry}left-pad`, {
      method: 'PUT',
      headers: npmHeaders,
      body: JSON.stringify({
        name: 'left-pad',
        'dist-tags': { latest: '1.0.0' },
        versions: {
          '1.0.0': {
            name: 'left-pad',
            version: '1.0.0',
            dist: { integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}` },
          },
        },
        _attachments: { 'left-pad-1.0.0.tgz': { data: tarball.toString('base64'), length: tarball.length } },
      }),
    });
    assert.equal(published.status, 201, await published.text());
    const asset = Buffer.alloc(200_000, 7);
    await client.send(
      new PublishPackageVersionCommand({
        domain: 'metrics',
        repository: 'repo',
        format: 'generic',
        namespace: 'ops',
        package: 'payload',
        packageVersion: '1.0.0',
        assetName: 'payload.bin',
        assetContent: asset,
        assetSHA256: sha(asset),
      }),
    );

    const load = [
      ...Array.from({ length: 20 }, async () => {
        const response = await fetch(`${registry}left-pad`, { headers: npmHeaders });
        assert.equal(response.status, 200);
        await response.arrayBuffer();
      }),
      ...Array.from({ length: 20 }, async () => {
        const response = await fetch(`${registry}left-pad/-/left-pad-1.0.0.tgz`, { headers: npmHeaders });
        assert.equal(response.status, 200);
        assert.deepEqual(Buffer.from(await response.arrayBuffer()), tarball);
      }),
      ...Array.from({ length: 10 }, () => client.send(new ListDomainsCommand({}))),
      ...Array.from({ length: 5 }, async () => {
        const got = await client.send(
          new GetPackageVersionAssetCommand({
            domain: 'metrics',
            repository: 'repo',
            format: 'generic',
            namespace: 'ops',
            package: 'payload',
            packageVersion: '1.0.0',
            asset: 'payload.bin',
          }),
        );
        assert.equal((await got.asset!.transformToByteArray()).length, asset.length);
      }),
    ];
    const during = await scrape();
    await Promise.all(load);
    assert.ok(sumOf(during, 'quiver_http_requests_in_flight') >= 1, 'the scrape itself is in flight');

    const unsigned = await fetch(`${server.endpoint}/v1/domains`, { method: 'POST' });
    assert.equal(unsigned.status, 403);
    const samples = await scrape();
    const requests = (labels: Record<string, string>) => sumOf(samples, 'quiver_http_requests_total', labels);
    assert.equal(
      requests({ service: 'codeartifact', operation: 'ListDomains', status: '200' }),
      10,
      'ListDomains by its operation name',
    );
    assert.equal(requests({ service: 'codeartifact', operation: 'PublishPackageVersion', status: '200' }), 1);
    assert.equal(requests({ service: 'codeartifact', operation: 'GetPackageVersionAsset', status: '200' }), 5);
    assert.equal(requests({ service: 'npm', operation: 'GET packument', status: '200' }), 20);
    assert.equal(requests({ service: 'npm', operation: 'GET tarball', status: '200' }), 20);
    assert.equal(requests({ service: 'npm', operation: 'PUT publish', status: '201' }), 1);
    assert.equal(requests({ service: 'aws', operation: 'unrouted', status: '403' }), 1, 'unsigned: no service');

    // The latency histogram: cumulative buckets ending in +Inf = _count, and a _sum.
    const buckets = samplesOf(samples, 'quiver_http_request_duration_seconds_bucket', {
      service: 'npm',
      operation: 'GET tarball',
    });
    assert.ok(buckets.length > 5, 'buckets exported');
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.value >= buckets[i - 1]!.value, 'cumulative');
    assert.equal(buckets.at(-1)!.labels.le, '+Inf');
    assert.equal(buckets.at(-1)!.value, 20);
    const count = { service: 'npm', operation: 'GET tarball' };
    assert.equal(sumOf(samples, 'quiver_http_request_duration_seconds_count', count), 20);
    assert.ok(sumOf(samples, 'quiver_http_request_duration_seconds_sum', count) > 0);

    // Store transactions, both kinds, timed by backend.
    const backend = server.quiver.store.backend;
    assert.ok(sumOf(samples, 'quiver_store_transaction_duration_seconds_count', { backend, kind: 'read' }) > 40);
    assert.ok(sumOf(samples, 'quiver_store_transaction_duration_seconds_count', { backend, kind: 'write' }) >= 4);

    // Caches: the packument was built once (or a few times while the first requests raced) and then hit.
    const lookups = (cache: string, result: string) => sumOf(samples, 'quiver_cache_lookups_total', { cache, result });
    assert.equal(lookups('npm_packument', 'hit') + lookups('npm_packument', 'miss'), 20);
    assert.ok(lookups('npm_packument', 'hit') >= 10, `packument hits ${lookups('npm_packument', 'hit')}`);
    assert.ok(lookups('blob', 'hit') >= 10, `blob hits ${lookups('blob', 'hit')}`);

    // Blob bytes: both publishes went in; what the cache did not answer came out of the backend.
    const blobs = server.quiver.blobs.backend;
    assert.equal(
      sumOf(samples, 'quiver_blob_bytes_total', { backend: blobs, direction: 'in' }),
      tarball.length + asset.length,
    );
    const out = sumOf(samples, 'quiver_blob_bytes_total', { backend: blobs, direction: 'out' });
    assert.ok(out >= tarball.length + asset.length, `bytes out ${out}`);

    assert.equal(sumOf(samples, 'quiver_http_requests_in_flight'), 1, 'only this scrape is in flight');
    assert.ok(sumOf(samples, 'quiver_process_resident_memory_bytes') > 0, "Node's process metrics too");
  });
});

describe('health', () => {
  it('live and ready answer 200 with the backends; /_quiver/health is unchanged', async () => {
    const live = await fetch(`${server.endpoint}/_quiver/health/live`);
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: 'ok' });
    const ready = await fetch(`${server.endpoint}/_quiver/health/ready`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { status: string; store: { state: string }; blobs: { state: string } };
    assert.equal(body.status, 'ok');
    assert.equal(body.store.state, 'ok');
    assert.equal(body.blobs.state, 'ok');
    const health = await fetch(`${server.endpoint}/_quiver/health`);
    assert.deepEqual(await health.json(), {
      status: 'ok',
      store: server.quiver.store.backend,
      blobs: server.quiver.blobs.backend,
    });
  });

  it('ready is 503 naming the blob store when S3 does not answer, while live stays 200', async () => {
    const dead = await startQuiver({
      QUIVER_BLOB_URL: 's3://nowhere/quiver',
      QUIVER_S3_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      QUIVER_S3_ACCESS_KEY_ID: 'x',
      QUIVER_S3_SECRET_ACCESS_KEY: 'y',
    });
    try {
      assert.equal((await fetch(`${dead.endpoint}/_quiver/health/live`)).status, 200);
      const ready = await fetch(`${dead.endpoint}/_quiver/health/ready`);
      assert.equal(ready.status, 503);
      const body = (await ready.json()) as { status: string; store: { state: string }; blobs: { state: string } };
      assert.equal(body.status, 'unavailable');
      assert.equal(body.store.state, 'ok');
      assert.notEqual(body.blobs.state, 'ok');
    } finally {
      await dead.stop();
    }
  });

  it('without QUIVER_METRICS_TOKEN there is no /metrics', async () => {
    const plain = await startQuiver();
    try {
      const response = await fetch(`${plain.endpoint}/metrics`);
      assert.notEqual(response.status, 200);
      assert.doesNotMatch(await response.text(), /quiver_http/);
    } finally {
      await plain.stop();
    }
  });
});
