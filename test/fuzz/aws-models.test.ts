// The fuzz tier, AWS side: every operation of every vendored model (and Quiver's extensions) gets the same share
// of a fixed, seeded budget of signed requests whose inputs start valid (made from the model) and then have one
// to three members replaced by hostile values — wrong types, nulls, deep nesting, huge and unicode strings, bad
// numbers, raw JSON V8 accepts but JSON.stringify cannot write — and whose paths sometimes carry bad escapes.
// Signed correctly, so they reach binding, validation and the handlers. The assertion is what a user notices:
// no 5xx (501 "not implemented yet" excepted), no request left hanging, and the server's memory bounded after.
// A new operation is fuzzed the moment it is in a model; nothing here names one.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  PublishPackageVersionCommand,
} from '@aws-sdk/client-codeartifact';
import type { MemberRef, ServiceModel } from '../../src/aws/model.js';
import type { AwsServiceBinding } from '../../src/aws/service.js';
import { codeArtifactService } from '../../src/aws/services/codeartifact/index.js';
import { imageBuilderService } from '../../src/aws/services/imagebuilder/index.js';
import { iotService } from '../../src/aws/services/iot/index.js';
import { panoramaService } from '../../src/aws/services/panorama/index.js';
import { codeartifact } from '../helpers/clients.js';
import { validValue } from '../helpers/model-values.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import { wireRequest } from '../helpers/wire-request.js';
import {
  type FuzzRequest,
  Random,
  hostileLabel,
  hostileValue,
  memoryMb,
  newTally,
  runAll,
  send,
  withRawJson,
} from './fuzz-kit.js';

const SEED = Number(process.env.QUIVER_FUZZ_SEED ?? 20261201);
const BUDGET = Number(process.env.QUIVER_FUZZ_AWS_REQUESTS ?? 16_000);

// Only the models are used (the handlers' services are never built here: the server under test is its own process).
const bindings: AwsServiceBinding[] = [
  codeArtifactService(null as never),
  panoramaService(null as never, null as never),
  iotService(null as never, null as never),
  imageBuilderService(null as never),
];

let server: QuiverProcess;
before(async () => {
  server = await spawnQuiver(tempDir(), process.env.QUIVER_FUZZ_DEBUG ? { QUIVER_LOG_LEVEL: 'debug' } : {});
  // The names validValue makes ('ab') exist, so valid-looking requests reach the handlers' deeper paths.
  const client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'ab' }));
  await client.send(new CreateRepositoryCommand({ domain: 'ab', repository: 'ab' }));
  const asset = Buffer.from('fuzz');
  await client.send(
    new PublishPackageVersionCommand({
      domain: 'ab',
      repository: 'ab',
      format: 'generic',
      namespace: 'ab',
      package: 'ab',
      packageVersion: 'ab',
      assetName: 'ab',
      assetContent: asset,
      assetSHA256: createHash('sha256').update(asset).digest('hex'),
    }),
  );
});
after(async () => {
  await stopProcess(server.child);
});

/** A valid value where model-values can make one (some IoT patterns it cannot): else a plain string. */
function validOrPlain(model: ServiceModel, ref: MemberRef): unknown {
  try {
    return validValue(model, ref);
  } catch {
    const shape = model.shape(ref.shape);
    if (shape.type !== 'structure') return 'a';
    return Object.fromEntries((shape.required ?? []).map((name) => [name, validOrPlain(model, shape.members![name]!)]));
  }
}

/** Every member under an input shape (three levels deep), with the path of member names / list indexes to it. */
function memberPaths(
  model: ServiceModel,
  ref: MemberRef,
  prefix: (string | number)[] = [],
  depth = 0,
): { path: (string | number)[]; ref: MemberRef }[] {
  const shape = model.shape(ref.shape);
  if (depth > 3) return [];
  if (shape.type === 'structure')
    return Object.entries(shape.members ?? {}).flatMap(([name, member]) => [
      { path: [...prefix, name], ref: member },
      ...memberPaths(model, member, [...prefix, name], depth + 1),
    ]);
  if (shape.type === 'list') return memberPaths(model, shape.member!, [...prefix, 0], depth + 1);
  return [];
}

/** Puts `value` at `path` in `input`, creating valid containers on the way. */
function setAt(
  model: ServiceModel,
  inputRef: MemberRef,
  input: Record<string, unknown>,
  path: (string | number)[],
  value: unknown,
): void {
  let node: any = input;
  let ref = inputRef;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const shape = model.shape(ref.shape);
    ref = shape.type === 'list' ? shape.member! : shape.members![key as string]!;
    const childShape = model.shape(ref.shape);
    if (typeof node[key] !== 'object' || node[key] === null)
      node[key] = childShape.type === 'list' ? [validOrPlain(model, childShape.member!)] : validOrPlain(model, ref);
    node = node[key];
  }
  node[path[path.length - 1]!] = value;
}

/**
 * One member replaced. Round by round the operation meets each kind of hostility in turn: a null inside a list or
 * map (lists are not sparse), then a random hostile value at a random member.
 */
function mutate(
  model: ServiceModel,
  inputRef: MemberRef,
  input: Record<string, unknown>,
  random: Random,
  round: number,
): void {
  const paths = memberPaths(model, inputRef);
  if (paths.length === 0) return;
  const containers = paths.filter(({ ref }) => ['list', 'map'].includes(model.shape(ref.shape).type));
  if (round % 4 === 1 && containers.length > 0) {
    const { path, ref } = random.pick(containers);
    const shape = model.shape(ref.shape);
    setAt(
      model,
      inputRef,
      input,
      path,
      shape.type === 'list' ? [validOrPlain(model, shape.member!), null] : { k: null },
    );
    return;
  }
  const { path } = random.pick(paths);
  setAt(model, inputRef, input, path, hostileValue(random));
}

/**
 * The query as sent. A huge list would only meet Node's 16 KiB header limit (a 431, tested elsewhere) and cost the
 * client seconds of signing, stalling every request in flight: lists are cut to 50 values, values to 2,000 chars.
 */
function encodeQuery(query: Record<string, string | string[]>): string {
  return Object.entries(query)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value.slice(0, 50) : [value]).map(
        (item) => `${encodeURIComponent(name)}=${encodeURIComponent(item.slice(0, 2000))}`,
      ),
    )
    .join('&');
}

function* awsRequests(random: Random): Generator<FuzzRequest> {
  const operations = bindings.flatMap((binding) =>
    Object.keys(binding.model.operations)
      .sort()
      .map((name) => ({ binding, operation: binding.model.operation(name) })),
  );
  const perOperation = Math.max(1, Math.floor(BUDGET / operations.length));
  for (let round = 0; round < perOperation; round++) {
    for (const { binding, operation } of operations) {
      const model = binding.model;
      const inputRef = operation.input ? { shape: operation.input.shape } : undefined;
      const input = (inputRef ? validOrPlain(model, inputRef) : {}) as Record<string, unknown>;
      if (inputRef && round > 0)
        for (let n = 1 + random.int(3); n > 0; n--) mutate(model, inputRef, input, random, round + n - 1);
      const wire = inputRef
        ? wireRequest(model, operation, input)
        : { method: operation.http.method, path: operation.http.requestUri.split('?')[0]!, query: {}, headers: {} };
      let path = wire.path.split('?')[0]!;
      const fixedQuery = operation.http.requestUri.split('?')[1];
      if (random.chance(0.15)) {
        const segments = path.split('/');
        const index = 1 + random.int(Math.max(1, segments.length - 1));
        segments[index] = hostileLabel(random, segments[index] ?? 'x');
        path = segments.join('/');
      }
      // A path over Node's 16 KiB header limit is a 431 the client may not even read before the reset (see the
      // HTTP-layer tests): keep paths under it.
      if (path.length > 8000) path = path.slice(0, 8000);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const [name, value] of Object.entries(wire.headers ?? {}))
        headers[name] = /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
      if (random.chance(0.03)) headers['content-type'] = random.pick(['x'.repeat(5000), 'text/plain', 'a/b; c']);
      let body = wire.body === undefined ? undefined : withRawJson(wire.body.toString());
      if (random.chance(0.05))
        body = random.pick(['null', '[]', '"x"', '{"a":', '\u0000\u0001', `${'['.repeat(5000)}${']'.repeat(5000)}`]);
      let query = [fixedQuery, encodeQuery(wire.query ?? {})].filter(Boolean).join('&');
      if (random.chance(0.02)) query += '&bad=%ZZ';
      yield { method: wire.method ?? 'POST', path, query, headers, body, service: model.signingName };
    }
  }
}

describe('fuzz: every operation of the vendored models', () => {
  it(`seed ${SEED}, ${BUDGET} signed requests: no 5xx, no hang, memory bounded`, async () => {
    const tally = newTally();
    const agent = new Agent({ keepAlive: !process.env.QUIVER_FUZZ_NOKA, maxSockets: 8 });
    const started = Date.now();
    const pid = server.child.pid!;
    const before = memoryMb(pid);
    await runAll(awsRequests(new Random(SEED)), 8, (request) =>
      send(server.endpoint, server.credentials, agent, request, tally),
    );
    agent.destroy();
    const afterwards = memoryMb(pid);
    console.log(
      `${tally.sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(tally.byClass)}; ` +
        `server RSS ${before.rss.toFixed(0)} → ${afterwards.rss.toFixed(0)} MB (peak ${afterwards.peak.toFixed(0)} MB)`,
    );
    if (process.env.QUIVER_FUZZ_DEBUG)
      console.log(
        tally.failures.slice(0, 5),
        server
          .output()
          .split('\n')
          .filter((l) => /client error|went away|unexpected/.test(l))
          .slice(0, 8)
          .join('\n')
          .slice(0, 4000),
      );
    assert.deepEqual(tally.failures.slice(0, 20), [], `${tally.failures.length} failures`);
    assert.deepEqual(tally.hangs.slice(0, 20), [], `${tally.hangs.length} hangs`);
    assert.deepEqual(tally.refused.slice(0, 20), [], `${tally.refused.length} requests the client refused`);
    assert.ok(tally.sent >= BUDGET * 0.9, `only ${tally.sent} requests`);
    assert.ok(afterwards.rss < 400, `server RSS ${afterwards.rss} MB after the run`);
  });
});
