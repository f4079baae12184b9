import { displayName } from '../../../domain/codeartifact/packages.js';
import { keysetPage } from '../paging.js';
import { callerOf } from '../caller.js';
import { DEFAULT_PAGE_SIZE } from './control-plane.js';
/** The store holds only formats the domain accepted, and the domain accepts only the model's. */
const formatOf = (format) => format;
const namespaceOf = (namespace) => (namespace === '' ? undefined : namespace);
const origin = (pkg) => ({
    restrictions: { publish: pkg.publish, upstream: pkg.upstream },
});
const packageSummary = (pkg) => ({
    format: formatOf(pkg.format),
    namespace: namespaceOf(pkg.namespace),
    package: pkg.name,
    originConfiguration: origin(pkg),
});
const versionOrigin = (version) => ({
    domainEntryPoint: version.entryExternalConnection
        ? { externalConnectionName: version.entryExternalConnection }
        : version.entryRepository
            ? { repositoryName: version.entryRepository }
            : undefined,
    originType: version.originType,
});
const versionSummary = (version) => ({
    version: version.version,
    revision: version.revision,
    status: version.status,
    origin: versionOrigin(version),
});
const assetSummary = (asset) => ({
    name: asset.name,
    size: asset.size,
    hashes: { MD5: asset.md5, 'SHA-1': asset.sha1, 'SHA-256': asset.sha256, 'SHA-512': asset.sha512 },
});
const coordinatesBinding = (input) => ({
    domain: input.domain,
    owner: input.domainOwner,
    repository: input.repository,
    format: input.format,
    namespace: input.namespace,
    package: input.package,
});
export function packageHandlers(ca) {
    return {
        async PublishPackageVersion(input, context) {
            const result = await ca.versions.publish(callerOf(context), input, input.packageVersion, input.assetName, input.assetContent ?? Buffer.alloc(0), input.assetSHA256, input.unfinished === true, context.now.getTime());
            return {
                format: formatOf(result.coordinates.format),
                namespace: namespaceOf(result.coordinates.namespace),
                package: result.coordinates.name,
                version: result.version.version,
                versionRevision: result.version.revision,
                status: result.version.status,
                asset: assetSummary(result.asset),
            };
        },
        async ListPackages(input, context) {
            const page = await keysetPage(context, {
                ...input,
                binding: { ...input, maxResults: undefined, nextToken: undefined },
                defaultSize: DEFAULT_PAGE_SIZE,
            }, (after, limit) => ca.packages.list(callerOf(context), input, after, limit), (pkg) => ({ format: pkg.format, namespace: pkg.namespace, name: pkg.name }));
            return { packages: page.items.map(packageSummary), nextToken: page.nextToken };
        },
        async DescribePackage(input, context) {
            const pkg = await ca.packages.describe(callerOf(context), input);
            return {
                package: {
                    format: formatOf(pkg.format),
                    namespace: namespaceOf(pkg.namespace),
                    name: pkg.name,
                    originConfiguration: origin(pkg),
                },
            };
        },
        async DeletePackage(input, context) {
            return { deletedPackage: packageSummary(await ca.packages.delete(callerOf(context), input)) };
        },
        async PutPackageOriginConfiguration(input, context) {
            const pkg = await ca.packages.putOrigin(callerOf(context), input, input.restrictions, context.now.getTime());
            return { originConfiguration: origin(pkg) };
        },
        async ListPackageVersions(input, context) {
            const order = input.sortBy === 'PUBLISHED_TIME' ? 'newest' : 'version';
            let listed;
            const page = await keysetPage(context, {
                ...input,
                binding: {
                    ...coordinatesBinding(input),
                    status: input.status,
                    originType: input.originType,
                    sortBy: input.sortBy,
                },
                defaultSize: DEFAULT_PAGE_SIZE,
            }, async (after, limit) => {
                listed = await ca.versions.list(callerOf(context), input, 
                // 'Deleted' is a filter AWS accepts; Quiver keeps no deleted versions, so it lists none.
                { status: input.status, originType: input.originType }, order, after, limit);
                return listed.versions;
            }, (version) => (order === 'newest' ? { order, id: version.id } : { order, version: version.version }));
            return {
                defaultDisplayVersion: listed.defaultDisplayVersion,
                format: input.format,
                namespace: input.namespace,
                package: input.package,
                versions: page.items.map(versionSummary),
                nextToken: page.nextToken,
            };
        },
        async DescribePackageVersion(input, context) {
            const { coordinates, version } = await ca.versions.describe(callerOf(context), input, input.packageVersion);
            const details = version.details;
            return {
                packageVersion: {
                    format: formatOf(coordinates.format),
                    namespace: namespaceOf(coordinates.namespace),
                    packageName: coordinates.name,
                    displayName: details.displayName ?? displayName(coordinates),
                    version: version.version,
                    summary: details.summary,
                    homePage: details.homePage,
                    sourceCodeRepository: details.sourceCodeRepository,
                    publishedTime: new Date(version.publishedAt),
                    licenses: details.licenses ?? [],
                    revision: version.revision,
                    status: version.status,
                    origin: versionOrigin(version),
                },
            };
        },
        async ListPackageVersionAssets(input, context) {
            let view;
            const page = await keysetPage(context, {
                ...input,
                binding: { ...coordinatesBinding(input), version: input.packageVersion },
                defaultSize: DEFAULT_PAGE_SIZE,
            }, async (after, limit) => {
                view = await ca.versions.listAssets(callerOf(context), input, input.packageVersion, after, limit);
                return view.assets;
            }, (asset) => asset.name);
            return {
                format: input.format,
                namespace: input.namespace,
                package: input.package,
                version: input.packageVersion,
                versionRevision: view.version.revision,
                assets: page.items.map(assetSummary),
                nextToken: page.nextToken,
            };
        },
        async GetPackageVersionAsset(input, context) {
            const download = await ca.versions.download(callerOf(context), input, input.packageVersion, input.asset, input.packageVersionRevision);
            return {
                asset: download.content,
                assetName: download.asset.name,
                packageVersion: download.version.version,
                packageVersionRevision: download.version.revision,
            };
        },
        async GetPackageVersionReadme(input, context) {
            const { version } = await ca.versions.readme(callerOf(context), input, input.packageVersion);
            return {
                format: input.format,
                namespace: input.namespace,
                package: input.package,
                version: version.version,
                versionRevision: version.revision,
                readme: version.details.readme,
            };
        },
        async ListPackageVersionDependencies(input, context) {
            const { version } = await ca.versions.dependencies(callerOf(context), input, input.packageVersion);
            // AWS returns a version's dependencies in one page; a token from another request is still refused.
            context.readPageToken(input.nextToken, coordinatesBinding(input));
            return {
                format: input.format,
                namespace: input.namespace,
                package: input.package,
                version: version.version,
                versionRevision: version.revision,
                dependencies: version.details.dependencies ?? [],
            };
        },
        async UpdatePackageVersionsStatus(input, context) {
            return ca.batch.updateStatus(callerOf(context), input, input, input.targetStatus, context.now.getTime());
        },
        async DisposePackageVersions(input, context) {
            return ca.batch.dispose(callerOf(context), input, input, context.now.getTime());
        },
        async DeletePackageVersions(input, context) {
            return ca.batch.delete(callerOf(context), input, input);
        },
        async CopyPackageVersions(input, context) {
            return ca.batch.copy(callerOf(context), input, input, input.allowOverwrite === true, context.now.getTime());
        },
    };
}
//# sourceMappingURL=packages.js.map