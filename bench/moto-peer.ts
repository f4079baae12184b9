// The AWS side's second peer: moto (the Python AWS emulator many teams run in CI) answering IoT ListThings,
// page of 100, beside Quiver's IoT ListPackageVersions, page of 100 — same service (iot), protocol (REST-JSON,
// SigV4) and page size. moto's server (Werkzeug) stalls keep-alive load generators, so both sides are loaded
// with a new connection per request (`Connection: close`); the table says so.
import { spawn } from 'node:child_process';
import { CreateThingCommand, IoTClient } from '@aws-sdk/client-iot';
import { freePort } from '../test/helpers/ports.js';
import type { LoadResult } from './load.js';
import { stopChild } from './peers.js';
import { signedSpec } from './signing.js';
import { runWrk } from './wrk.js';

export interface MotoResult {
  things: number;
  bytes: number;
  moto: LoadResult;
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench-secret' };

export async function benchMoto(seconds: number, connections: number): Promise<MotoResult> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).status < 500) break;
      } catch {
        if (i > 200) throw new Error('moto_server did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const iot = new IoTClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const things = 120;
    console.error(`bench: moto — creating ${things} IoT things…`);
    for (let i = 0; i < things; i++)
      await iot.send(
        new CreateThingCommand({
          thingName: `device-${String(i).padStart(4, '0')}`,
          attributePayload: { attributes: { build: String(i) } },
        }),
      );
    iot.destroy();
    const spec = await signedSpec(endpoint, credentials, 'GET', '/things', { maxResults: '100' }, undefined, 'iot');
    const response = await fetch(spec.url, { headers: spec.headers });
    const body = Buffer.from(await response.arrayBuffer());
    const listed = (JSON.parse(body.toString()) as { things?: unknown[] }).things?.length;
    if (response.status !== 200 || listed !== 100)
      throw new Error(`moto ListThings: ${response.status}, ${listed} things: ${body.toString().slice(0, 200)}`);
    const moto = await runWrk(spec, connections, seconds, { close: true, pid: child.pid! });
    return { things, bytes: body.length, moto };
  } finally {
    await stopChild(child);
  }
}
