// Real AWS clients pointed at a test server, and a raw SigV4-signed fetch for what SDKs won't send.
import { Agent } from 'node:http';
import { CodeartifactClient } from '@aws-sdk/client-codeartifact';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestCredentials } from './quiver.js';

export function codeartifact(endpoint: string, credentials: TestCredentials, region = 'us-east-1'): CodeartifactClient {
  return new CodeartifactClient({
    endpoint,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  });
}

/** A client with its own pool of many sockets, for bursts of concurrent requests. */
export function burstClient(endpoint: string, credentials: TestCredentials, sockets: number): CodeartifactClient {
  return new CodeartifactClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }) }),
  });
}

export interface SignedFetchOptions {
  method?: string;
  path: string;
  /** A list value is sent as the key repeated, as restJson1 lays out querystring lists. */
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  service?: string;
  region?: string;
  signingDate?: Date;
  /** Sign with this secret instead of the real one. */
  secretAccessKey?: string;
  accessKeyId?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function signedFetch(
  endpoint: string,
  credentials: TestCredentials,
  options: SignedFetchOptions,
): Promise<RawResponse> {
  const url = new URL(endpoint);
  const request = new HttpRequest({
    method: options.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path,
    query: options.query ?? {},
    headers: { host: url.host, 'content-type': 'application/json', ...options.headers },
    body: options.body,
  });
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: options.accessKeyId ?? credentials.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? credentials.secretAccessKey,
    },
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'codeartifact',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request, { signingDate: options.signingDate });
  return rawFetch(
    endpoint,
    signed.method,
    options.path,
    signed.query as Record<string, string | string[]>,
    signed.headers,
    options.body,
  );
}

export async function rawFetch(
  endpoint: string,
  method: string,
  path: string,
  query: Record<string, string | string[]> = {},
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawResponse> {
  const search = Object.entries(query)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((item) => `${encodeURIComponent(k)}=${encodeURIComponent(item)}`),
    )
    .join('&');
  const sendHeaders = { ...headers };
  delete sendHeaders.host;
  const response = await fetch(`${endpoint}${path}${search ? `?${search}` : ''}`, {
    method,
    headers: sendHeaders,
    body: body as BodyInit | undefined,
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * The headers of a SigV4-signed request, for tests that write the bytes themselves (raw sockets). The payload is
 * signed by its declared x-amz-content-sha256, so the body need not exist yet.
 */
export async function signedHead(
  endpoint: string,
  credentials: TestCredentials,
  options: { method: string; path: string; query?: Record<string, string>; bodySha256: string; service?: string },
): Promise<{ target: string; headers: Record<string, string> }> {
  const url = new URL(endpoint);
  const request = new HttpRequest({
    method: options.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path,
    query: options.query ?? {},
    headers: { host: url.host, 'content-type': 'application/json', 'x-amz-content-sha256': options.bodySha256 },
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region: 'us-east-1',
    service: options.service ?? 'codeartifact',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const search = new URLSearchParams(options.query ?? {}).toString().replace(/\+/g, '%20');
  return { target: `${options.path}${search ? `?${search}` : ''}`, headers: signed.headers };
}
