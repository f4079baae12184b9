// botocore's own restJson1 protocol tests (vendored in ./botocore/, see SOURCE.md), run against Quiver's engine
// code loaded with each case's model shapes:
//   input cases:  the serialised HTTP request a botocore client sends → Quiver's router and codec → the case's params;
//   output cases: the case's result → Quiver's serialiser → what botocore's RestJSONParser reads (./botocore-wire.ts)
//                 must be the case's result, with the case's status; error cases likewise with the error code,
//                 message and members.
// Every case runs, including those botocore's own runner leaves out (botocore/protocol-tests-ignore-list.json):
// a case Quiver does not pass is listed in NOT_SUPPORTED with its reason, and the test fails if a listed case
// starts passing (so the list cannot go stale).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bindInput, parseQuery } from '../../../src/aws/codec.js';
import { AwsError } from '../../../src/aws/errors.js';
import { type Operation, ServiceModel, type Shape } from '../../../src/aws/model.js';
import { serializeError, serializeOutput, type WireResponse } from '../../../src/aws/response.js';
import { Router } from '../../../src/aws/router.js';
import { type BotocoreResponse, canonical, parseErrorCode, parseResponse, quiverValue } from './botocore-wire.js';

interface Suite {
  description: string;
  shapes: Record<string, Shape>;
  cases: Case[];
}
interface Case {
  id: string;
  description: string;
  given: Operation;
  params?: Record<string, unknown>;
  serialized?: { method: string; uri: string; body?: string; headers?: Record<string, string> };
  result?: Record<string, unknown>;
  response?: BotocoreResponse;
  errorCode?: string;
  errorMessage?: string;
  error?: Record<string, unknown>;
}

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`./botocore/${path}`, import.meta.url), 'utf8'));
const load = (direction: 'input' | 'output') => readJson(`${direction}/rest-json.json`) as Suite[];

// Client cases: the params are what a user handed the client, and a server cannot recover them from the wire
// here. RestJsonQueryParamsStringListMap leaves a named parameter out of the httpQueryParams map, these six put
// every named one in it too; Quiver follows the first (and RestJsonQueryPrecedence). No Quiver model has such a map.
const QUERY_MAP = 'the params repeat every named query parameter inside the httpQueryParams map (see above).';
// Cases Quiver's engine does not pass, by direction, each with why it need not.
// Client-side features, which botocore's own runner leaves out too (botocore/protocol-tests-ignore-list.json).
const CLIENT_SIDE = 'a client-side feature (botocore leaves it out too): the params are not on the wire for a server';
// A jsonvalue header carries base64 JSON: botocore json.loads it, and so does Quiver; these cases expect the
// decoded text ('true') as a string. No Quiver model has a jsonvalue member; botocore leaves them out too.
const JSON_VALUE = 'the case expects a jsonvalue header as undecoded text (see above).';
export const NOT_SUPPORTED: Record<'input' | 'output', Record<string, string>> = {
  input: {
    RestJsonHostWithPath: `${CLIENT_SIDE} (an endpoint with a path prefix)`,
    SDKAppliedContentEncoding_restJson1: `${CLIENT_SIDE} (request compression; no Quiver operation has it)`,
    SDKAppendedGzipAfterProvidedEncoding_restJson1: `${CLIENT_SIDE} (request compression)`,
    RestJsonQueryIdempotencyTokenAutoFill: `${CLIENT_SIDE} (the client fills in the token the params lack)`,
    RestJsonQueryPrecedence: `${CLIENT_SIDE} (the map value a named parameter overrides never travels)`,
    MediaTypeHeaderInputBase64: JSON_VALUE,
    RestJsonAllQueryStringTypes: QUERY_MAP,
    RestJsonQueryStringEscaping: QUERY_MAP,
    RestJsonSupportsNaNFloatQueryValues: QUERY_MAP,
    RestJsonSupportsInfinityFloatQueryValues: QUERY_MAP,
    RestJsonSupportsNegativeInfinityFloatQueryValues: QUERY_MAP,
    RestJsonZeroAndFalseQueryValues: QUERY_MAP,
  },
  output: {
    MediaTypeHeaderOutputBase64: JSON_VALUE,
  },
};

function modelFor(suite: Suite, operation: Operation): ServiceModel {
  return new ServiceModel(
    {
      metadata: { signingName: 'test', serviceId: 'Test', apiVersion: '2026-01-01', endpointPrefix: 'test' },
      operations: { [operation.name]: operation },
      shapes: suite.shapes,
    },
    {},
  );
}

function inputCase(suite: Suite, c: Case): void {
  const model = modelFor(suite, c.given);
  const router = new Router(model);
  const serialized = c.serialized!;
  const queryStart = serialized.uri.indexOf('?');
  const rawPath = queryStart === -1 ? serialized.uri : serialized.uri.slice(0, queryStart);
  const query = parseQuery(queryStart === -1 ? '' : serialized.uri.slice(queryStart + 1));
  const match = router.match(serialized.method.toUpperCase(), rawPath, query);
  assert.ok(match, `no route for ${serialized.method} ${serialized.uri}`);
  const headers = Object.fromEntries(Object.entries(serialized.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const { input, problems } = bindInput(
    model,
    match.operation,
    { method: serialized.method, rawPath, query, headers, body: Buffer.from(serialized.body ?? '') },
    match.labels,
  );
  assert.deepEqual(problems.problems, []);
  const ref = { shape: c.given.input?.shape ?? '' };
  if (!c.given.input) {
    assert.deepEqual(input, {});
    return;
  }
  assert.deepEqual(canonical(model, ref, input), canonical(model, ref, c.params ?? {}));
}

async function wireText(response: WireResponse): Promise<BotocoreResponse> {
  let body = '';
  if (Buffer.isBuffer(response.body)) body = response.body.toString('utf8');
  else if (response.body) {
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Buffer));
    body = Buffer.concat(chunks).toString('utf8');
  }
  return { status_code: response.status, headers: response.headers, body };
}

async function outputCase(suite: Suite, c: Case): Promise<void> {
  const model = modelFor(suite, c.given);
  const expected = c.response!;
  if (c.errorCode) {
    const ref = { shape: c.errorCode };
    const {
      Message: _m,
      message: _n,
      ...fields
    } = (quiverValue(model, ref, c.error ?? {}) ?? {}) as Record<string, unknown>;
    const wire = await wireText(serializeError(model, new AwsError(c.errorCode, c.errorMessage ?? '', fields)));
    assert.equal(wire.status_code, expected.status_code, 'status');
    assert.equal(parseErrorCode(wire), c.errorCode, 'error code');
    const parsed = parseResponse(model, c.errorCode, wire);
    if (c.errorMessage !== undefined) assert.equal(parsed.Message ?? parsed.message, c.errorMessage, 'message');
    assert.deepEqual(canonical(model, ref, parsed), canonical(model, ref, c.error ?? {}), 'error members');
    return;
  }
  const outputShape = c.given.output?.shape;
  const result = outputShape ? quiverValue(model, { shape: outputShape }, c.result) : undefined;
  const wire = await wireText(serializeOutput(model, c.given, result));
  assert.equal(wire.status_code, expected.status_code, 'status');
  if (!outputShape) return;
  const ref = { shape: outputShape };
  // A prefix-headers member with an empty prefix reads every header; the response's own Content-Type is not
  // part of the case's result.
  const members = Object.values(model.shape(outputShape).members ?? {});
  if (members.some((m) => m.location === 'headers' && !m.locationName)) delete wire.headers!['content-type'];
  // The harness's reader must read the case's own response as its result, or the comparison proves nothing.
  assert.deepEqual(
    canonical(model, ref, parseResponse(model, outputShape, expected)),
    canonical(model, ref, c.result ?? {}),
    'the botocore-style reader disagrees with the case itself',
  );
  assert.deepEqual(
    canonical(model, ref, parseResponse(model, outputShape, wire)),
    canonical(model, ref, c.result ?? {}),
  );
}

for (const [direction, run] of [
  ['input', inputCase],
  ['output', outputCase],
] as const) {
  describe(`botocore restJson1 ${direction} protocol tests`, () => {
    for (const suite of load(direction)) {
      for (const c of suite.cases) {
        it(`${c.id}: ${c.description}`, async () => {
          const reason = NOT_SUPPORTED[direction][c.id];
          let failure: unknown;
          try {
            await run(suite, c);
          } catch (error) {
            failure = error;
          }
          if (reason === undefined && failure) throw failure;
          if (reason !== undefined && !failure)
            assert.fail(`${c.id} passes now: remove it from NOT_SUPPORTED.${direction}`);
        });
      }
    }
  });
}
