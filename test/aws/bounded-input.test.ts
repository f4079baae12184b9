// QA M1, M2, L1: the engine bounds what it walks and what it echoes, for every operation: deep JSON, null list
// members and map values, and huge offending values are 400s with short messages — never 500s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedFetch } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';

let server: RunningQuiver;
before(async () => {
  server = await startQuiver();
});
after(async () => {
  await server.stop();
});

const send = (service: string, method: string, path: string, body: string, query: Record<string, string> = {}) =>
  signedFetch(server.endpoint, server.credentials, { service, method, path, query, body });

const STATUS_QUERY = { domain: 'qa', repository: 'r1', format: 'generic', namespace: 'ns1', package: 'st' };

describe('deep JSON is a 400, not a 500 (QA M1)', () => {
  it('6,000 levels in UpdatePackageVersionsStatus and ListImagePackages', async () => {
    const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    const codeartifact = await send(
      'codeartifact',
      'POST',
      '/v1/package/versions/update_status',
      `{"targetStatus":"Archived","versions":${deep}}`,
      STATUS_QUERY,
    );
    assert.equal(codeartifact.status, 400, codeartifact.text);
    assert.equal(codeartifact.headers.get('x-amzn-errortype'), 'ValidationException');
    assert.match(codeartifact.json.message, /deeper than 100 levels/);
    const imagebuilder = await send('imagebuilder', 'POST', '/ListImagePackages', `{"imageBuildVersionArn":${deep}}`);
    assert.equal(imagebuilder.status, 400, imagebuilder.text);
    assert.equal(imagebuilder.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');
  });

  it('nesting within the bound is bound and reported as a type problem, quoted briefly', async () => {
    const nested = `${'['.repeat(90)}${']'.repeat(90)}`;
    const response = await send(
      'codeartifact',
      'POST',
      '/v1/package/versions/update_status',
      `{"targetStatus":"Archived","versions":[${nested}]}`,
      STATUS_QUERY,
    );
    assert.equal(response.status, 400);
    assert.match(
      response.json.message,
      /at 'versions\.1\.member' failed to satisfy constraint: Member must be a string/,
    );
  });
});

describe('null list members and map values are validation errors (QA M2)', () => {
  const cases: [string, string, string, string, Record<string, string>, RegExp][] = [
    [
      'codeartifact',
      'POST',
      '/v1/domain',
      '{"tags":[null]}',
      { domain: 'nulltags' },
      /at 'tags\.1\.member' failed to satisfy constraint: Member must not be null/,
    ],
    [
      'codeartifact',
      'POST',
      '/v1/repository',
      '{"upstreams":[null]}',
      { domain: 'qa', repository: 'nullup' },
      /at 'upstreams\.1\.member'.*Member must not be null/,
    ],
    [
      'iot',
      'PUT',
      '/packages/ipkg/versions/9.9.9',
      '{"attributes":{"k":null}}',
      {},
      /at 'attributes\.k\.value'.*Member must not be null/,
    ],
    [
      'imagebuilder',
      'POST',
      '/ListImages',
      '{"filters":[null]}',
      {},
      /at 'filters\.1\.member'.*Member must not be null/,
    ],
  ];
  for (const [service, method, path, body, query, message] of cases) {
    it(`${service} ${method} ${path} ${body}`, async () => {
      const response = await send(service, method, path, body, query);
      assert.equal(response.status, 400, response.text);
      assert.match(response.json.message ?? response.json.Message, message);
    });
  }
});

describe('validation messages are bounded (QA L1)', () => {
  it('20,000 bad values of 300 characters: a short message listing 10 of them', async () => {
    const response = await send(
      'codeartifact',
      'POST',
      '/v1/package/versions/update_status',
      JSON.stringify({ targetStatus: 'Archived', versions: Array.from({ length: 20000 }, () => 'x'.repeat(300)) }),
      STATUS_QUERY,
    );
    assert.equal(response.status, 400);
    assert.ok(response.text.length < 8 * 1024, `${response.text.length} bytes`);
    assert.match(response.json.message, /^20001 validation errors detected: /);
    assert.match(response.json.message, /; and 19991 more$/);
  });

  it('an 8 MB string is quoted by its first 256 characters', async () => {
    const response = await send(
      'codeartifact',
      'POST',
      '/v1/package/versions/update_status',
      JSON.stringify({ targetStatus: 'Archived', versions: ['y'.repeat(8 * 1024 * 1024)] }),
      STATUS_QUERY,
    );
    assert.equal(response.status, 400);
    assert.ok(response.text.length < 2048, `${response.text.length} bytes`);
    assert.match(response.json.message, new RegExp(`'${'y'.repeat(256)}…'`));
  });
});

describe('a body over QUIVER_MAX_BODY_BYTES is a 413', () => {
  it('is answered RequestEntityTooLargeException on a connection that stays readable; one within it is read', async () => {
    const small = await startQuiver({ QUIVER_MAX_BODY_BYTES: '2048' });
    try {
      const put = (description: string) =>
        signedFetch(small.endpoint, small.credentials, {
          method: 'PUT',
          path: '/v1/repository',
          query: { domain: 'qa', repository: 'r1' },
          body: JSON.stringify({ description }),
        });
      // Twice the bound: the part past it is discarded (under the bound again), so the answer always arrives.
      const over = await put('x'.repeat(4000));
      assert.equal(over.status, 413, over.text);
      assert.equal(over.headers.get('x-amzn-errortype'), 'RequestEntityTooLargeException');
      assert.match(over.json.message, /larger than 2048 bytes/);
      const within = await put('x'.repeat(1000));
      assert.equal(within.status, 404, within.text);
      assert.equal(within.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    } finally {
      await small.stop();
    }
  });
});
