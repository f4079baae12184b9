// A minimal SigV4-signed JSON client for the CLI's calls to a running Quiver (local or remote).
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
export async function callQuiver(endpoint, credentials, region, service, path, body) {
    const url = new URL(endpoint);
    const payload = JSON.stringify(body);
    const signer = new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path,
        headers: { host: url.host, 'content-type': 'application/json' },
        body: payload,
    }));
    const response = await fetch(`${endpoint.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: signed.headers,
        body: payload,
    });
    const text = await response.text();
    const json = (text ? JSON.parse(text) : {});
    if (!response.ok) {
        throw new Error(`${response.headers.get('x-amzn-errortype') ?? response.status}: ${String(json.message ?? json.Message ?? text)}`);
    }
    return json;
}
//# sourceMappingURL=signed-client.js.map