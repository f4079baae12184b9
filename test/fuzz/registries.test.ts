// The fuzz tier, package-manager side: every route template a format adapter exports
// (src/registries/route-templates.ts) is driven with a real token, valid and hostile placeholder values (bad
// escapes, traversal, unicode, huge names) and bodies made from the template's example — mutated member by member,
// replaced by hostile JSON, deep nesting, or not JSON at all — plus a share without a token or with a forged one.
// Asserted: every template is a served route, and no 5xx, no hang, memory bounded. A new format or route is
// fuzzed by being listed in the templates.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-codeartifact';
import { registryRoutes, type RegistryFormatRoutes } from '../../src/registries/route-templates.js';
import { codeartifact } from '../helpers/clients.js';
import { spawnQuiver, stopProcess, tempDir, type QuiverProcess } from '../helpers/quiver.js';
import {
  type FuzzRequest,
  Random,
  hostileLabel,
  hostileValue,
  memoryMb,
  newTally,
  runAll,
  send,
  serialise,
} from './fuzz-kit.js';

const SEED = Number(process.env.QUIVER_FUZZ_SEED ?? 20261201);
const BUDGET = Number(process.env.QUIVER_FUZZ_REGISTRY_REQUESTS ?? 5_000);

let server: QuiverProcess;
let token: string;
before(async () => {
  server = await spawnQuiver(tempDir());
  const client = codeartifact(server.endpoint, server.credentials);
  await client.send(new CreateDomainCommand({ domain: 'fz' }));
  await client.send(new CreateRepositoryCommand({ domain: 'fz', repository: 'repo' }));
  token = (await client.send(new GetAuthorizationTokenCommand({ domain: 'fz' }))).authorizationToken!;
});
after(async () => {
  await stopProcess(server.child);
});

/** Placeholders filled in a string (the template's path, or a string inside its example body). */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z]+)\}/g, (_, name: string) => values[name] ?? name);
}

function fillJson(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fill(k, values), fillJson(v, values)]));
  return value;
}

/** One member somewhere in a JSON value replaced by a hostile value. */
function mutateJson(value: unknown, random: Random, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 4 || random.chance(0.25)) return hostileValue(random);
  const entries = Object.entries(value);
  if (entries.length === 0) return hostileValue(random);
  const [key] = random.pick(entries);
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  copy[key] = mutateJson(copy[key], random, depth + 1);
  return copy;
}

function* registryRequests(
  routes: RegistryFormatRoutes,
  random: Random,
  owner: string,
  count: number,
): Generator<FuzzRequest> {
  const endpoint = fill(routes.endpoint, { domain: 'fz', owner, repository: 'repo' });
  for (let n = 0; n < count; n++) {
    const template = routes.templates[n % routes.templates.length]!;
    const values: Record<string, string> = {};
    const plain: Record<string, string> = { ...routes.examples };
    for (const [name, valid] of Object.entries(routes.examples)) {
      // Fresh versions now and then, so valid publishes keep succeeding and metadata writes meet real packages.
      const example = name === 'version' && random.chance(0.3) ? `1.${n}.0` : valid;
      plain[name] = example;
      values[name] = random.chance(0.7) ? encodeURIComponent(example) : hostileLabel(random, example);
    }
    plain.tarball = `${plain.package}-${plain.version}.tgz`;
    const base = random.chance(0.05) ? `/${hostileLabel(random, endpoint.slice(1))}/` : endpoint;
    const path = `${base}${fill(template.path, values)}`.slice(0, 8000);
    let body: string | undefined;
    if (template.example !== undefined || random.chance(0.05)) {
      const example = fillJson(template.example ?? {}, plain);
      const choice = random.int(10);
      body =
        choice < 2
          ? JSON.stringify(example)
          : choice < 7
            ? serialise(mutateJson(example, random))
            : choice < 9
              ? serialise(hostileValue(random))
              : random.pick(['', 'not json', '{"a":', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\u0000']);
    }
    const auth = random.int(20);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth > 1) headers.authorization = `Bearer ${token}`;
    else if (auth === 1)
      headers.authorization = random.pick([`Bearer ${token}.extra`, 'Bearer x.y', 'Basic eDp5', 'Bearer ']);
    if (random.chance(0.1)) headers.accept = 'application/vnd.npm.install-v1+json';
    yield { method: template.method, path, query: random.chance(0.05) ? 'write=true&%ZZ' : '', headers, body };
  }
}

describe('fuzz: every registry route template', () => {
  it('each template, filled with valid values, is a route the server serves', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    for (const routes of registryRoutes) {
      const endpoint = fill(routes.endpoint, { domain: 'fz', owner: server.credentials.accountId, repository: 'repo' });
      for (const template of routes.templates) {
        const tally = newTally();
        const status = await send(
          server.endpoint,
          server.credentials,
          agent,
          {
            method: template.method,
            path: `${endpoint}${fill(template.path, routes.examples)}`,
            query: '',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body:
              template.example === undefined ? undefined : JSON.stringify(fillJson(template.example, routes.examples)),
          },
          tally,
        );
        assert.ok(
          status !== undefined && status !== 405 && status < 500,
          `${routes.format} ${template.method} ${template.path}: ${status} ${tally.failures}`,
        );
      }
    }
    agent.destroy();
  });

  // A NUL reached PostgreSQL as a text parameter three times (a dist-tag, a PyPI project, a PyPI file name), each
  // a 500 found by the random sequence: every placeholder of every template, and a query, now meets one on purpose.
  it('a NUL (%00) anywhere in a registry URL is a 400, for every template and placeholder', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const wrong: string[] = [];
    for (const routes of registryRoutes) {
      const endpoint = fill(routes.endpoint, { domain: 'fz', owner: server.credentials.accountId, repository: 'repo' });
      for (const template of routes.templates) {
        const names = [...template.path.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1]!);
        const variants = [
          ...names.map((name) => ({
            path: fill(template.path, { ...routes.examples, [name]: `%00${routes.examples[name] ?? ''}` }),
            query: '',
          })),
          { path: fill(template.path, routes.examples), query: 'q=%00' },
        ];
        for (const variant of variants) {
          const tally = newTally();
          const status = await send(
            server.endpoint,
            server.credentials,
            agent,
            {
              method: template.method,
              path: `${endpoint}${variant.path}`,
              query: variant.query,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: undefined,
            },
            tally,
          );
          if (status !== 400) wrong.push(`${status} ${template.method} ${variant.path}?${variant.query}`);
        }
      }
    }
    agent.destroy();
    assert.deepEqual(wrong, []);
  });

  it(`seed ${SEED}, ${BUDGET} requests: no 5xx, no hang, memory bounded`, async () => {
    const tally = newTally();
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const random = new Random(SEED);
    const pid = server.child.pid!;
    const started = Date.now();
    const share = Math.floor(BUDGET / registryRoutes.length);
    const requests = registryRoutes.flatMap((routes) => [
      ...registryRequests(routes, random, server.credentials.accountId, share),
    ]);
    await runAll(requests, 8, (request) => send(server.endpoint, server.credentials, agent, request, tally));
    agent.destroy();
    const memory = memoryMb(pid);
    console.log(
      `${tally.sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(tally.byClass)}; ` +
        `server RSS ${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB)`,
    );
    assert.deepEqual(tally.failures.slice(0, 20), [], `${tally.failures.length} failures`);
    assert.deepEqual(tally.hangs.slice(0, 20), [], `${tally.hangs.length} hangs`);
    assert.deepEqual(tally.refused.slice(0, 20), [], `${tally.refused.length} requests the client refused`);
    assert.ok(memory.rss < 400, `server RSS ${memory.rss} MB after the run`);
  });
});
