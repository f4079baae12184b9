// A table over every implemented operation of the four services, derived from the handlers and the models:
// a user with no policy is denied each one with 403 AccessDeniedException (Image Builder: its ForbiddenException) naming `<service>:<Operation>`,
// before anything is read (a resource that does not exist is a 403, not a 404) or written (the root sees
// the catalog unchanged afterwards).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AwsServiceBinding } from '../../src/aws/service.js';
import { codeArtifactService } from '../../src/aws/services/codeartifact/index.js';
import { imageBuilderService } from '../../src/aws/services/imagebuilder/index.js';
import { iotService } from '../../src/aws/services/iot/index.js';
import { panoramaService } from '../../src/aws/services/panorama/index.js';
import { Users } from '../../src/domain/identity/users.js';
import { signedFetch } from '../helpers/clients.js';
import { validString, validValue } from '../helpers/model-values.js';
import { startQuiver, type RunningQuiver, type TestCredentials } from '../helpers/quiver.js';
import { wireRequest } from '../helpers/wire-request.js';

let server: RunningQuiver;
let nobody: TestCredentials;

// The bindings only lend their models and handler names here; their domain services are never called.
const services: { name: string; binding: AwsServiceBinding }[] = [
  { name: 'codeartifact', binding: codeArtifactService(null as never) },
  { name: 'panorama', binding: panoramaService(null as never, null as never) },
  { name: 'iot', binding: iotService(null as never, null as never) },
  { name: 'imagebuilder', binding: imageBuilderService(null as never) },
];

/** A valid input: the model helper's, with maps that need entries given one (e.g. TagResource's tags). */
function validInput(model: AwsServiceBinding['model'], shapeName: string): Record<string, unknown> {
  const input = validValue(model, { shape: shapeName }) as Record<string, unknown>;
  for (const [name, ref] of Object.entries(model.shape(shapeName).members ?? {})) {
    const shape = model.shape(ref.shape);
    if (shape.type === 'map' && (shape.min ?? 0) > 0 && input[name] !== undefined)
      input[name] = { [validString(model.shape(shape.key!.shape))]: validValue(model, shape.value!) };
  }
  return input;
}

/** What the root sees of every service: if a denied request had written anything, this would change. */
async function catalog(): Promise<string> {
  const get = async (service: string, method: string, path: string, body?: string) =>
    (await signedFetch(server.endpoint, server.credentials, { service, method, path, body })).text;
  return [
    await get('codeartifact', 'POST', '/v1/domains', '{}'),
    await get('codeartifact', 'POST', '/v1/repositories', '{}'),
    await get('panorama', 'GET', '/packages'),
    await get('iot', 'GET', '/packages'),
    (await get('imagebuilder', 'POST', '/ListImages', '{}')).replace(/"requestId":"[^"]+"/, ''),
  ].join('\n');
}

const SEEDS: [string, string[]][] = [
  ['codeartifact', ['CreateDomain', 'CreateRepository']],
  ['iot', ['CreatePackage', 'CreatePackageVersion']],
  ['panorama', ['CreatePackage']],
];

let before_: string;
before(async () => {
  server = await startQuiver();
  const users = new Users(server.quiver.store);
  await users.create(server.credentials.accountId, 'nobody', Date.now());
  const key = await users.createKey(server.credentials.accountId, 'nobody', Date.now());
  nobody = { accountId: key.accountId, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  // The root creates what the table's inputs name, so denied reads and deletes would find real resources.
  for (const [service, operations] of SEEDS) {
    const { model } = services.find((entry) => entry.name === service)!.binding;
    for (const operationName of operations) {
      const operation = model.operation(operationName);
      const input = validInput(model, operation.input!.shape);
      const response = await signedFetch(server.endpoint, server.credentials, {
        ...wireRequest(model, operation, input),
        service,
      });
      assert.ok(response.status < 300, `${service} ${operationName}: ${response.text}`);
    }
  }
  before_ = await catalog();
  assert.match(before_, /"domains":\[\{/);
});
after(async () => {
  await server.stop();
});

for (const { name: service, binding } of services) {
  describe(`${service}: a user with no policy is denied every implemented operation`, () => {
    const model = binding.model;
    const operations = Object.keys(binding.handlers).sort();
    it(`${operations.length} operations`, async () => {
      assert.ok(operations.length > 5);
      for (const operationName of operations) {
        const operation = model.operation(operationName);
        const input = operation.input ? validInput(model, operation.input.shape) : {};
        const request = operation.input
          ? wireRequest(model, operation, input)
          : { method: operation.http.method, path: operation.http.requestUri };
        const response = await signedFetch(server.endpoint, nobody, { ...request, service });
        assert.equal(response.status, 403, `${operationName}: ${response.text}`);
        assert.equal(response.headers.get('x-amzn-errortype'), binding.errorNames.accessDenied, operationName);
        const message = response.json.message ?? response.json.Message;
        assert.match(
          message,
          new RegExp(
            `^User: arn:aws:iam::${nobody.accountId}:user/nobody is not authorized to perform: ${service}:${operationName} on resource: \\S+ because no (identity|resource)-based policy allows the ${service}:${operationName} action$`,
          ),
          operationName,
        );
      }
    });
  });
}

describe('nothing was written', () => {
  it('the root sees the same catalog as before the table', async () => {
    assert.equal(await catalog(), before_);
  });
});
