// The SigV4 computation itself — canonical request, string to sign, signing key, signature — straight from the
// raw request parts, with node:crypto. It reproduces @smithy/signature-v4 (the signer the JS SDKs use, with
// uriEscapePath: true as for every non-S3 service) byte for byte; test/unit/aws/sigv4-oracle.test.ts signs
// generated requests with smithy and checks this module agrees. Quiver used to run smithy's own `sign`/`presign`
// to recompute the signature: a request clone, a dozen awaits and an HMAC just to look its key cache up cost
// ~55 µs of CPU per request; this costs one SHA-256 and one HMAC (issue 23).
import crypto, { createHash, createHmac } from 'node:crypto';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding as smithy's escapeUri: encodeURIComponent, plus the five marks it leaves alone. */
export function escapeUri(text: string): string {
  const encoded = encodeURIComponent(text);
  return /[!'()*]/.test(encoded) ? encoded.replace(/[!'()*]/g, hexEncode) : encoded;
}

function hexEncode(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * The canonical URI of a non-S3 service: the path as sent (still percent-encoded), with empty and `.` segments
 * dropped and `..` popping one, then every segment URI-encoded again (a sent `%2F` becomes `%252F`).
 * A path that does not start with `/` (`*`, an absolute-form URL) is taken as if it did, as smithy's
 * HttpRequest does.
 */
export function canonicalPath(rawPath: string): string {
  const path = rawPath === '' ? '/' : rawPath.charCodeAt(0) === 47 ? rawPath : `/${rawPath}`;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(escapeUri(segment));
  }
  if (segments.length === 0) return '/';
  return `/${segments.join('/')}${path.endsWith('/') ? '/' : ''}`;
}

/**
 * The canonical query: every parameter but `X-Amz-Signature` (in any case), names and values RFC 3986-encoded,
 * sorted by encoded name, a repeated name's pairs sorted among themselves. `overrides` replace the named
 * parameters (all their values) with one value each: the presigned form, whose X-Amz-* parameters smithy
 * rewrites from what it parsed.
 */
export function canonicalQuery(query: Map<string, string[]>, overrides?: Record<string, string>): string {
  if (query.size === 0 && overrides === undefined) return '';
  const pairs: [string, string][] = [];
  for (const [name, values] of query) {
    if (name.length === 15 && name.toLowerCase() === 'x-amz-signature') continue;
    if (overrides !== undefined && Object.hasOwn(overrides, name)) continue;
    const key = escapeUri(name);
    if (values.length === 1) {
      pairs.push([key, `${key}=${escapeUri(values[0]!)}`]);
    } else {
      const encoded = values.map((value) => `${key}=${escapeUri(value)}`);
      pairs.push([key, encoded.sort().join('&')]);
    }
  }
  if (overrides !== undefined) {
    for (const name of Object.keys(overrides)) {
      const key = escapeUri(name);
      pairs.push([key, `${key}=${escapeUri(overrides[name]!)}`]);
    }
  }
  if (pairs.length === 1) return pairs[0]![1];
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = pairs[0]![1];
  for (let i = 1; i < pairs.length; i++) out += `&${pairs[i]![1]}`;
  return out;
}

/** A header value as signed: CR and LF become spaces, runs of spaces and tabs one space, the ends trimmed. */
export function canonicalHeaderValue(value: string): string {
  // The common value (no CR, LF, tab, double or edge space) is returned as it is, without three regex passes.
  if (!/[\r\n\t]| {2}|^ | $/.test(value)) return value;
  return value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');
}

export interface CanonicalParts {
  method: string;
  rawPath: string;
  query: Map<string, string[]>;
  queryOverrides?: Record<string, string>;
  /** Lowercase name → value, exactly the headers to sign. */
  headers: Map<string, string>;
  /** The headers' names, sorted (signedHeaderNames). */
  names: string[];
  payloadHash: string;
}

/** The names a signer of `headers` lists, in the order it lists them (SignedHeaders is these, `;`-joined). */
export function signedHeaderNames(headers: Map<string, string>): string[] {
  return [...headers.keys()].sort();
}

export function canonicalRequest(parts: CanonicalParts): string {
  let headerLines = '';
  for (const name of parts.names) headerLines += `${name}:${canonicalHeaderValue(parts.headers.get(name)!)}\n`;
  return `${parts.method}\n${canonicalPath(parts.rawPath)}\n${canonicalQuery(parts.query, parts.queryOverrides)}\n${headerLines}\n${parts.names.join(';')}\n${parts.payloadHash}`;
}

// crypto.hash (Node 20.12+) hashes in one native call; createHash builds a stream object per digest, which
// costs more than the hashing of a canonical request. Older Node 20 releases take the object path.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

export function sha256Hex(data: string | Buffer): string {
  if (data.length === 0) return EMPTY_SHA256;
  return oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

export interface Scope {
  /** YYYYMMDD */
  shortDate: string;
  region: string;
  service: string;
}

export function credentialScope(scope: Scope): string {
  return `${scope.shortDate}/${scope.region}/${scope.service}/aws4_request`;
}

export function stringToSign(longDate: string, scope: Scope, canonical: string): string {
  return `AWS4-HMAC-SHA256\n${longDate}\n${credentialScope(scope)}\n${sha256Hex(canonical)}`;
}

// Derived keys: kDate → kRegion → kService → kSigning is four HMACs, the same for every request one key signs on
// one day in one region for one service. Bounded, oldest dropped first; a key change simply misses (the secret is
// part of the cache key), and a key is only derived for a secret the Store returned.
const MAX_SIGNING_KEYS = 64;
const signingKeys = new Map<string, Buffer>();

export function signingKey(secretAccessKey: string, scope: Scope): Buffer {
  const cacheKey = `${scope.shortDate}\n${scope.region}\n${scope.service}\n${secretAccessKey}`;
  const hit = signingKeys.get(cacheKey);
  if (hit) return hit;
  let key = createHmac('sha256', `AWS4${secretAccessKey}`).update(scope.shortDate).digest();
  key = createHmac('sha256', key).update(scope.region).digest();
  key = createHmac('sha256', key).update(scope.service).digest();
  key = createHmac('sha256', key).update('aws4_request').digest();
  if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value!);
  signingKeys.set(cacheKey, key);
  return key;
}

/** The hex signature of a canonical request. */
export function signature(secretAccessKey: string, longDate: string, scope: Scope, canonical: string): string {
  return createHmac('sha256', signingKey(secretAccessKey, scope))
    .update(stringToSign(longDate, scope, canonical))
    .digest('hex');
}
