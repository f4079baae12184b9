// `quiver images import` and `quiver images find`: register an image inventory and ask which images hold a
// package, through a running Quiver's signed Image Builder endpoints.
import { readFile } from 'node:fs/promises';
import Table from 'cli-table3';
import { parseInventory, type InventoryFormat } from '../domain/imagebuilder/inventory.js';
import { ProgressBar } from './progress.js';
import { callQuiver, type CliCredentials } from './signed-client.js';

export interface Target {
  endpoint: string;
  credentials: CliCredentials;
  region: string;
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function importInventory(
  target: Target,
  options: {
    file: string;
    name: string;
    version: string;
    platform: string;
    format: InventoryFormat;
    osVersion?: string;
    description?: string;
  },
): Promise<string> {
  const content = await readInput(options.file);
  // Parse here first: a bad inventory fails at once with its line or path, and large ones show progress.
  const bar = new ProgressBar(`parsing ${options.format} inventory`);
  const packages = parseInventory(options.format, content, (done, total) => bar.update(done, total));
  bar.finish(`${packages.length} packages`);
  const result = await callQuiver(
    target.endpoint,
    target.credentials,
    target.region,
    'imagebuilder',
    '/_quiver/ImportImageInventory',
    {
      name: options.name,
      semanticVersion: options.version,
      platform: options.platform,
      osVersion: options.osVersion,
      description: options.description,
      inventory: { format: options.format, content },
    },
  );
  const table = new Table({ head: ['image build version', 'packages'], style: { head: [], border: [] } });
  table.push([String(result.imageBuildVersionArn), String(result.packageCount)]);
  return table.toString();
}

export async function findImages(target: Target, packageName: string, packageVersion?: string): Promise<string> {
  const table = new Table({
    head: ['image build version', 'name', 'version', 'package', 'package version'],
    style: { head: [], border: [] },
  });
  let nextToken: string | undefined;
  let count = 0;
  do {
    const page = await callQuiver(
      target.endpoint,
      target.credentials,
      target.region,
      'imagebuilder',
      '/_quiver/FindImagesByPackage',
      { packageName, packageVersion, maxResults: 25, nextToken },
    );
    for (const match of (page.images as Record<string, string>[]) ?? []) {
      table.push([match.imageBuildVersionArn!, match.name!, match.version!, match.packageName!, match.packageVersion!]);
      count++;
    }
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return count === 0 ? `no image holds ${packageName}${packageVersion ? ` ${packageVersion}` : ''}` : table.toString();
}
