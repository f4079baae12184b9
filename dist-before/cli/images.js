// `quiver images import` and `quiver images find`: register an image inventory and ask which images hold a
// package, through a running Quiver's signed Image Builder endpoints.
import { readFile } from 'node:fs/promises';
import Table from 'cli-table3';
import { parseInventory } from '../domain/imagebuilder/inventory.js';
import { ProgressBar } from './progress.js';
import { callQuiver } from './signed-client.js';
async function readInput(file) {
    if (file !== '-')
        return readFile(file, 'utf8');
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
}
export async function importInventory(target, options) {
    const content = await readInput(options.file);
    // Parse here first: a bad inventory fails at once with its line or path, and large ones show progress.
    const bar = new ProgressBar(`parsing ${options.format} inventory`);
    const packages = parseInventory(options.format, content, (done, total) => bar.update(done, total));
    bar.finish(`${packages.length} packages`);
    const result = await callQuiver(target.endpoint, target.credentials, target.region, 'imagebuilder', '/_quiver/ImportImageInventory', {
        name: options.name,
        semanticVersion: options.version,
        platform: options.platform,
        osVersion: options.osVersion,
        description: options.description,
        inventory: { format: options.format, content },
    });
    const table = new Table({ head: ['image build version', 'packages'], style: { head: [], border: [] } });
    table.push([String(result.imageBuildVersionArn), String(result.packageCount)]);
    return table.toString();
}
export async function findImages(target, packageName, packageVersion) {
    const table = new Table({
        head: ['image build version', 'name', 'version', 'package', 'package version'],
        style: { head: [], border: [] },
    });
    let nextToken;
    let count = 0;
    do {
        const page = await callQuiver(target.endpoint, target.credentials, target.region, 'imagebuilder', '/_quiver/FindImagesByPackage', { packageName, packageVersion, maxResults: 25, nextToken });
        for (const match of page.images ?? []) {
            table.push([match.imageBuildVersionArn, match.name, match.version, match.packageName, match.packageVersion]);
            count++;
        }
        nextToken = page.nextToken;
    } while (nextToken);
    return count === 0 ? `no image holds ${packageName}${packageVersion ? ` ${packageVersion}` : ''}` : table.toString();
}
//# sourceMappingURL=images.js.map