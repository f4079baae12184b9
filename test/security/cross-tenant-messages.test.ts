// QA L2, L3a, L4: the partition of an Image Builder ARN is checked; an AccessDenied names the action that was
// called (ListTagsForResource, not TagResource); ListImageBuildVersions on another tenant's image is a 403 like
// GetImage, not an empty list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccessKey, createAccount } from '../../src/domain/identity/identity.js';
import { signedFetch, type RawResponse } from '../helpers/clients.js';
import { startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';

let server: RunningQuiver;
let tenantB: TestCredentials;
before(async () => {
  server = await startQuiver();
  const account = await createAccount(server.quiver.store, 'b', Date.now());
  const key = await createAccessKey(server.quiver.store, account.accountId, Date.now());
  tenantB = { accountId: account.accountId, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
});
after(async () => {
  await server.stop();
});

const asB = (
  service: string,
  method: string,
  path: string,
  body?: string,
  query?: Record<string, string>,
): Promise<RawResponse> => signedFetch(server.endpoint, tenantB, { service, method, path, body, query });
const message = (response: RawResponse) => String(response.json?.message ?? response.json?.Message);

describe('cross-tenant answers and messages (QA L2, L3a, L4)', () => {
  it('L3a: ListTagsForResource on another tenant names ListTagsForResource (IoT, Panorama, Image Builder)', async () => {
    const a = server.credentials.accountId;
    const iot = await asB('iot', 'GET', '/tags', undefined, { resourceArn: `arn:aws:iot:us-east-1:${a}:package/ipkg` });
    const panorama = await asB(
      'panorama',
      'GET',
      `/tags/${encodeURIComponent(`arn:aws:panorama:us-east-1:${a}:package/package-abc123`)}`,
    );
    const imagebuilder = await asB(
      'imagebuilder',
      'GET',
      `/tags/${encodeURIComponent(`arn:aws:imagebuilder:us-east-1:${a}:image/debian-base/1.0.0/1`)}`,
    );
    for (const [name, response] of [
      ['iot', iot],
      ['panorama', panorama],
      ['imagebuilder', imagebuilder],
    ] as const) {
      assert.ok([401, 403].includes(response.status), `${name}: ${response.status} ${response.text}`);
      assert.match(message(response), /:ListTagsForResource/, `${name}: ${response.text}`);
    }
  });

  it('L4: ListImageBuildVersions on another tenant’s image version is a 403, as GetImage is', async () => {
    const arn = `arn:aws:imagebuilder:us-east-1:${server.credentials.accountId}:image/debian-base/1.0.0`;
    const response = await asB(
      'imagebuilder',
      'POST',
      '/ListImageBuildVersions',
      JSON.stringify({ imageVersionArn: arn }),
    );
    assert.equal(response.status, 403, response.text);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ForbiddenException');
    assert.match(message(response), /imagebuilder:ListImageBuildVersions/);
  });

  it('L2: an image build version ARN in another partition is a 400', async () => {
    const arn = `arn:aws-cn:imagebuilder:us-east-1:${server.credentials.accountId}:image/debian-base/1.0.0/1`;
    const response = await signedFetch(server.endpoint, server.credentials, {
      service: 'imagebuilder',
      path: '/ListImagePackages',
      body: JSON.stringify({ imageBuildVersionArn: arn }),
    });
    assert.equal(response.status, 400, response.text);
  });
});
