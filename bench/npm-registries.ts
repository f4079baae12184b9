// The npm registries under test, each started fresh on loopback with the same interface: a registry URL,
// a token npm sends as `Authorization: Bearer`, the server's pid (for its memory), and stop().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateRepositoryCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-codeartifact';
import { codeartifact } from '../test/helpers/clients.js';
import { createTestDatabase } from '../test/helpers/postgres.js';
import { spawnQuiver, stopProcess } from '../test/helpers/quiver.js';
import { createTestBucket, S3_KEYS } from '../test/helpers/s3.js';
import { startVerdaccio } from './peers.js';
import type { PublishDocument } from './npm-corpus.js';

export type RegistryKind = 'verdaccio' | 'quiver-sqlite' | 'quiver-postgres-s3';

export const REGISTRY_LABEL: Record<RegistryKind, string> = {
  verdaccio: 'Verdaccio 6.10.4',
  'quiver-sqlite': 'Quiver (SQLite + files)',
  'quiver-postgres-s3': 'Quiver (PostgreSQL + S3)',
};

export interface NpmRegistryUnderTest {
  kind: RegistryKind;
  registry: string;
  token: string;
  pid: number;
  publish(document: PublishDocument): Promise<void>;
  stop(): Promise<void>;
  /** What the server printed (its error log), to explain a failed request. */
  output?: () => string;
}

async function quiverRegistry(
  kind: 'quiver-sqlite' | 'quiver-postgres-s3',
  dir: string,
): Promise<Omit<NpmRegistryUnderTest, 'publish'>> {
  const env: Record<string, string> = {};
  const database = kind === 'quiver-postgres-s3' ? await createTestDatabase() : undefined;
  if (database) {
    const { endpoint, bucket } = await createTestBucket();
    Object.assign(env, {
      QUIVER_DATABASE_URL: database.url,
      QUIVER_BLOB_URL: `s3://${bucket}/quiver`,
      QUIVER_S3_ENDPOINT: endpoint,
      QUIVER_S3_ACCESS_KEY_ID: S3_KEYS.accessKeyId,
      QUIVER_S3_SECRET_ACCESS_KEY: S3_KEYS.secretAccessKey,
    });
  }
  const server = await spawnQuiver(dir, env, { built: true });
  const client = codeartifact(server.endpoint, server.credentials);
  try {
    await client.send(new CreateDomainCommand({ domain: 'bench' }));
    await client.send(new CreateRepositoryCommand({ domain: 'bench', repository: 'npm-bench' }));
    const { authorizationToken } = await client.send(
      new GetAuthorizationTokenCommand({ domain: 'bench', durationSeconds: 43200 }),
    );
    return {
      kind,
      registry: `${server.endpoint}/bench-${server.credentials.accountId}/npm/npm-bench/`,
      token: authorizationToken!,
      pid: server.child.pid!,
      output: server.output,
      async stop() {
        await stopProcess(server.child);
        await database?.drop();
      },
    };
  } finally {
    client.destroy();
  }
}

export async function startRegistry(kind: RegistryKind): Promise<NpmRegistryUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), `quiver-bench-${kind}-`));
  const started =
    kind === 'verdaccio'
      ? await startVerdaccio(dir).then((v) => ({
          kind,
          registry: v.registry,
          token: v.token,
          pid: v.child.pid!,
          stop: v.stop,
        }))
      : await quiverRegistry(kind, dir);
  return {
    ...started,
    async publish(document) {
      const response = await fetch(`${started.registry}${document.name.replace('/', '%2f')}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' },
        body: document.body,
      });
      if (response.status >= 300)
        throw new Error(
          `${kind}: publishing ${document.name}@${document.version}: ${response.status} ${await response.text()}\n${'output' in started ? (started.output?.().slice(-3000) ?? '') : ''}`,
        );
    },
    async stop() {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
