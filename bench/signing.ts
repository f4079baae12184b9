// Pre-signed requests for the load generator: sign once, replay many times (valid for 15 minutes).
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { LoadRequest } from './load.js';

export async function signedSpec(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  method: string,
  path: string,
  query: Record<string, string>,
  body?: string,
  service = 'codeartifact',
): Promise<LoadRequest> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query,
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    }),
  );
  const search = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return {
    url: `${endpoint}${path}${search ? `?${search}` : ''}`,
    method,
    headers: signed.headers as Record<string, string>,
    body,
  };
}
