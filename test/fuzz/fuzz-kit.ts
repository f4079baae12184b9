// The fuzz tier's tools: a seeded generator of hostile values, a SigV4 signer that signs exactly the bytes it
// sends (raw paths with bad escapes included, so requests get past authentication to binding and validation),
// and a sender that counts answers by status class, hangs and client-side refusals. Nothing here knows an
// operation or a route: the AWS cases come from the vendored models, the registry cases from the route templates
// the format adapters export (src/registries/route-templates.ts).
import { type Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestCredentials } from '../helpers/quiver.js';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** JSON texts put in place of a value after serialising (so a body can hold what JSON.stringify cannot write). */
export const RAW_JSON: Record<string, () => string> = {
  deep150: () => `${'['.repeat(150)}${']'.repeat(150)}`,
  deep99: () => `${'{"a":'.repeat(99)}1${'}'.repeat(99)}`,
  deep5000: () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
  inf: () => '1e309',
  negzero: () => '-0',
  big: () => '18446744073709551616',
  unsafe: () => '9007199254740993',
  tiny: () => '5e-324',
  frac: () => '1.5',
  loneSurrogate: () => '"\\ud800x"',
  badEscape: () => '"\\x41"',
  truncated: () => '{"a":',
  proto: () => '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
};

const STRINGS = [
  '',
  ' ',
  'x'.repeat(257),
  'x'.repeat(70_000),
  '\u0000',
  '\u202eevil',
  'é',
  '😀'.repeat(40),
  '../../etc/passwd',
  '..',
  '.',
  'a/b',
  '%2F',
  '%ZZ',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e20',
  'null',
  'true',
  '<script>',
  "'; DROP TABLE x; --",
  'arn:aws-cn:imagebuilder:us-east-1:123456789012:image/x1/1.0.0/1',
  'arn:aws:iot:us-east-1:123456789012:package/x',
  'arn:aws:codeartifact:us-east-1:123456789012:repository/d/r',
];

/** A hostile JSON value of any type (or a RAW_JSON placeholder). */
export function hostileValue(random: Random, depth = 0): unknown {
  switch (random.int(12)) {
    case 0:
      return null;
    case 1:
      return random.pick(STRINGS);
    case 2:
      return random.pick([0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e20, Number.MAX_VALUE]);
    case 3:
      return random.chance(0.5);
    case 4:
      return depth > 2 ? [] : [hostileValue(random, depth + 1), null];
    case 5:
      return depth > 2 ? {} : { [random.pick(STRINGS).slice(0, 20)]: hostileValue(random, depth + 1), k: null };
    case 6:
      return '\u0001RAW:proto';
    case 7:
      return Array.from({ length: random.pick([101, 1001, 20_000]) }, () => 'v');
    default:
      return `\u0001RAW:${random.pick(Object.keys(RAW_JSON))}`;
  }
}

/** JSON.stringify, then the RAW_JSON placeholders replaced by their texts. */
export function serialise(value: unknown): string {
  return withRawJson(JSON.stringify(value));
}

/** A JSON text (or any text) with the RAW_JSON placeholders in it replaced by their texts. */
export function withRawJson(text: string): string {
  return text.replace(/"\\u0001RAW:(\w+)"/g, (_, name: string) => RAW_JSON[name]!());
}

/** A path-safe string for a URI label, sometimes with bad or odd escapes left raw. */
export function hostileLabel(random: Random, valid: string): string {
  switch (random.int(8)) {
    case 0:
      return '%ZZ';
    case 1:
      return '%FF%FE';
    case 2:
      return `${encodeURIComponent(valid)}%`;
    case 3:
      return '%C0%AF..%2F..';
    case 4:
      return encodeURIComponent('x'.repeat(3000));
    case 5:
      return encodeURIComponent(random.pick(STRINGS)) || 'e';
    default:
      return encodeURIComponent(valid);
  }
}

export interface FuzzRequest {
  method: string;
  /** Exactly as sent: already percent-encoded (or deliberately mis-encoded). */
  path: string;
  /** Raw query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  body?: string;
  /** A SigV4 service to sign for; none for registry requests. */
  service?: string;
}

export interface Tally {
  sent: number;
  byClass: Record<string, number>;
  failures: string[];
  hangs: string[];
  /** Requests Node's client would not send (e.g. a header value it refuses): none are expected. */
  refused: string[];
}

export const newTally = (): Tally => ({ sent: 0, byClass: {}, failures: [], hangs: [], refused: [] });

function decodeQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of raw.split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeURIComponent(part.slice(eq + 1));
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/** Signs over the raw path and the decoded query, as the server verifies; undefined when the query cannot be decoded. */
async function sign(
  endpoint: URL,
  credentials: TestCredentials,
  request: FuzzRequest,
): Promise<Record<string, string> | undefined> {
  let query: Record<string, string | string[]>;
  try {
    query = decodeQuery(request.query);
  } catch {
    return undefined; // the server answers a bad query escape before authentication: send it unsigned
  }
  const signable = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname: endpoint.hostname,
    port: Number(endpoint.port),
    path: request.path,
    query,
    headers: { host: endpoint.host, ...request.headers },
    body: request.body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: 'us-east-1',
    service: request.service!,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
  });
  const signed = await signer.sign(signable);
  return signed.headers;
}

export async function send(
  endpoint: string,
  credentials: TestCredentials,
  agent: Agent,
  request: FuzzRequest,
  tally: Tally,
  timeoutMs = 15_000,
): Promise<number | undefined> {
  const url = new URL(endpoint);
  const headers = (request.service && (await sign(url, credentials, request))) || {
    host: url.host,
    ...request.headers,
  };
  // Node's client frames a GET/DELETE body only when told its length; unframed, it would be read as the next request.
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  const label = `${request.method} ${request.path.slice(0, 120)}${request.query ? `?${request.query.slice(0, 80)}` : ''}`;
  tally.sent++;
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(status);
    };
    const timer = setTimeout(() => {
      tally.hangs.push(label);
      if (process.env.QUIVER_FUZZ_TRACE) console.log('HANG', label, request.body?.slice(0, 300));
      outgoing.destroy();
      done(undefined);
    }, timeoutMs);
    let outgoing: ReturnType<typeof httpRequest>;
    try {
      outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: request.method,
          path: `${request.path}${request.query ? `?${request.query}` : ''}`,
          headers,
          agent,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (process.env.QUIVER_FUZZ_TRACE && Date.now() - sentAt > 1000)
            console.log('SLOW', Date.now() - sentAt, status, label.slice(0, 200), request.body?.slice(0, 300));
          const statusClass = `${Math.floor(status / 100)}xx`;
          tally.byClass[statusClass] = (tally.byClass[statusClass] ?? 0) + 1;
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (status >= 500 && status !== 501)
              tally.failures.push(`${status} ${label}: ${Buffer.concat(chunks).toString().slice(0, 300)}`);
            done(status);
          });
          response.on('error', () => done(status));
        },
      );
    } catch (error) {
      tally.refused.push(`${label}: ${(error as Error).message}`);
      clearTimeout(timer);
      settled = true;
      resolve(undefined);
      return;
    }
    outgoing.on('error', (error) => {
      if (process.env.QUIVER_FUZZ_TRACE)
        console.log('ERROR', label, JSON.stringify(headers).slice(0, 600), request.body?.length);
      tally.failures.push(`connection error ${label}: ${error.message} at ${new Date().toISOString()}`);
      done(undefined);
    });
    outgoing.end(request.body);
  });
}

/** Runs `requests` with `concurrency` in flight. */
export async function runAll(
  requests: Iterable<FuzzRequest>,
  concurrency: number,
  sendOne: (request: FuzzRequest) => Promise<unknown>,
): Promise<void> {
  const iterator = requests[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await sendOne(next.value);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
