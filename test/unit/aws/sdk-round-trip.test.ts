// Quiver's codec and serialiser against the AWS SDK's own, with no network: each implemented operation's
// command is built by the real @aws-sdk/client-* (its serialiser and signer run), and the SDK's transport is
// replaced by a function that hands the finished HttpRequest to Quiver's router and codec. Quiver's serialised
// output goes back as the HttpResponse, which the SDK's own deserialiser reads. Every member of every input and
// output shape is set, with text that needs escaping (as LocalStack checks its parser against botocore's).
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import * as codeartifact from '@aws-sdk/client-codeartifact';
import * as imagebuilder from '@aws-sdk/client-imagebuilder';
import * as iot from '@aws-sdk/client-iot';
import * as panorama from '@aws-sdk/client-panorama';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { bindInput, parseQuery } from '../../../src/aws/codec.js';
import { AwsError } from '../../../src/aws/errors.js';
import type { Operation, ServiceModel } from '../../../src/aws/model.js';
import { serializeError, serializeOutput, type WireResponse } from '../../../src/aws/response.js';
import { Router } from '../../../src/aws/router.js';
import type { AwsServiceBinding } from '../../../src/aws/service.js';
import { codeArtifactService } from '../../../src/aws/services/codeartifact/index.js';
import { imageBuilderService } from '../../../src/aws/services/imagebuilder/index.js';
import { iotService } from '../../../src/aws/services/iot/index.js';
import { panoramaService } from '../../../src/aws/services/panorama/index.js';
import imageBuilderExtensions from '../../../src/aws/extensions/imagebuilder.json' with { type: 'json' };
import { comparable, sampleValue } from '../helpers/sample-values.js';

type Sdk = Record<string, unknown>;
interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
  destroy(): void;
}

// The handlers are never called: only their names (the implemented operations) and the models are used.
const services: { name: string; binding: AwsServiceBinding; sdk: Sdk; client: string }[] = [
  {
    name: 'codeartifact',
    binding: codeArtifactService(null as never),
    sdk: codeartifact,
    client: 'CodeartifactClient',
  },
  {
    name: 'panorama',
    binding: panoramaService(null as never, null as never),
    sdk: panorama,
    client: 'PanoramaClient',
  },
  { name: 'iot', binding: iotService(null as never, null as never), sdk: iot, client: 'IoTClient' },
  {
    name: 'imagebuilder',
    binding: imageBuilderService(null as never),
    sdk: imagebuilder,
    client: 'ImagebuilderClient',
  },
];

/** The query string as the SDK's Node transport writes it (RFC 3986 escaping, a list as repeated names). */
function queryString(query: HttpRequest['query']): string {
  const uriEscape = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(query ?? {})
    .flatMap(([name, value]) =>
      value === null
        ? [uriEscape(name)]
        : (Array.isArray(value) ? value : [value]).map((v) => `${uriEscape(name)}=${uriEscape(v)}`),
    )
    .join('&');
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** What one SDK call looked like to Quiver, and what the SDK made of Quiver's answer. */
async function roundTrip(
  service: (typeof services)[number],
  model: ServiceModel,
  router: Router,
  operationName: string,
  input: Record<string, unknown>,
  answer: (operation: Operation) => WireResponse,
): Promise<{ bound: Record<string, unknown>; parsed: Record<string, unknown> }> {
  let bound: Record<string, unknown> | undefined;
  const Client = service.sdk[service.client] as new (config: object) => SdkClient;
  const Command = service.sdk[`${operationName}Command`] as new (input: object) => unknown;
  assert.ok(Command, `${service.client} has no ${operationName}Command`);
  const client = new Client({
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIDUNIT', secretAccessKey: 'unit-secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: HttpRequest) {
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const query = parseQuery(queryString(request.query));
        const match = router.match(request.method, request.path, query);
        assert.equal(match?.operation.name, operationName, `${request.method} ${request.path}`);
        const body = await bodyBytes(request.body);
        const { input: quiverInput, problems } = bindInput(
          model,
          match!.operation,
          { method: request.method, rawPath: request.path, query, headers, body },
          match!.labels,
        );
        assert.deepEqual(problems.problems, [], operationName);
        bound = quiverInput;
        const wire = answer(match!.operation);
        const bytes = wire.body === undefined ? Buffer.alloc(0) : await bodyBytes(wire.body);
        return {
          response: new HttpResponse({ statusCode: wire.status, headers: wire.headers, body: Readable.from([bytes]) }),
        };
      },
    },
  });
  try {
    const { $metadata: _metadata, ...parsed } = await client.send(new Command(input));
    for (const [key, value] of Object.entries(parsed)) {
      // A streaming blob payload comes back as the SDK's stream type.
      const stream = value as { transformToByteArray?: () => Promise<Uint8Array> };
      if (typeof stream?.transformToByteArray === 'function') parsed[key] = await stream.transformToByteArray();
    }
    return { bound: bound!, parsed };
  } finally {
    client.destroy();
  }
}

for (const service of services) {
  describe(`${service.name}: the SDK's serialiser → Quiver's codec, Quiver's serialiser → the SDK's deserialiser`, () => {
    const model = service.binding.model;
    const router = new Router(model);
    // Quiver's own operations (src/aws/extensions/) have no SDK command; the end-to-end tests send them.
    const extensions = new Set(service.name === 'imagebuilder' ? Object.keys(imageBuilderExtensions.operations) : []);
    for (const operationName of Object.keys(service.binding.handlers).sort()) {
      if (extensions.has(operationName)) continue;
      it(operationName, async () => {
        const operation = model.operation(operationName);
        const input = operation.input ? (sampleValue(model, operation.input) as Record<string, unknown>) : {};
        const output = operation.output ? (sampleValue(model, operation.output) as Record<string, unknown>) : {};
        const { bound, parsed } = await roundTrip(service, model, router, operationName, input, (operation) =>
          serializeOutput(model, operation, output),
        );
        assert.deepEqual(comparable(bound), comparable(input), `${operationName}: what Quiver read`);
        assert.deepEqual(comparable(parsed), comparable(output), `${operationName}: what the SDK read`);
      });
    }
  });
}

for (const service of services) {
  describe(`${service.name}: Quiver's error envelope → the SDK's error deserialiser`, () => {
    const model = service.binding.model;
    const router = new Router(model);
    // Each modelled error of the implemented operations, sent once from an operation that lists it.
    const errors = new Map<string, string>();
    for (const operationName of Object.keys(service.binding.handlers).sort()) {
      if (!service.sdk[`${operationName}Command`]) continue;
      for (const { shape } of model.operation(operationName).errors ?? []) {
        if (!errors.has(shape)) errors.set(shape, operationName);
      }
    }
    for (const [code, operationName] of errors) {
      it(`${code} (from ${operationName})`, async () => {
        const operation = model.operation(operationName);
        const shape = model.shape(code);
        const input = operation.input ? (sampleValue(model, operation.input) as Record<string, unknown>) : {};
        const members = Object.fromEntries(
          Object.entries(shape.members ?? {})
            .filter(([name]) => !/^message$/i.test(name))
            .map(([name, ref]) => [name, sampleValue(model, ref)]),
        );
        const failure = await roundTrip(service, model, router, operationName, input, () =>
          serializeError(model, new AwsError(code, `${code}: it went wrong`, members)),
        ).then(
          () => assert.fail('the SDK accepted an error response'),
          (error: Record<string, unknown> & { $metadata: { httpStatusCode?: number } }) => error,
        );
        assert.equal(failure.name, code);
        assert.equal(failure.message, `${code}: it went wrong`);
        assert.equal(failure.$metadata.httpStatusCode, shape.error?.httpStatusCode ?? 400);
        assert.equal(failure.$fault, (shape.error?.httpStatusCode ?? 400) >= 500 ? 'server' : 'client');
        for (const [name, value] of Object.entries(members)) {
          assert.deepEqual(comparable(failure[name]), comparable(value), `${code}.${name}`);
        }
      });
    }
  });
}
