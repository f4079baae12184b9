// CodeArtifact package and package-version handlers: model input → domain call → model output.
import type { OperationHandlers, RequestContext } from '../../service.js';
import type {
  Operations as CodeArtifactOperations,
  AssetSummary,
  PackageFormat,
  PackageOriginConfiguration,
  PackageSummary,
  PackageVersionOrigin,
  PackageVersionSummary,
  CopyPackageVersionsResult,
  DeletePackageResult,
  DeletePackageVersionsResult,
  DescribePackageResult,
  DescribePackageVersionRequest,
  DescribePackageVersionResult,
  DisposePackageVersionsResult,
  GetPackageVersionAssetResult,
  GetPackageVersionReadmeResult,
  ListPackageVersionAssetsRequest,
  ListPackageVersionAssetsResult,
  ListPackageVersionDependenciesResult,
  ListPackageVersionsResult,
  ListPackagesResult,
  PublishPackageVersionResult,
  PutPackageOriginConfigurationResult,
  UpdatePackageVersionsStatusResult,
} from '../../models/codeartifact/types.js';
import type { Packages, PackageRef } from '../../../domain/codeartifact/packages.js';
import { displayName } from '../../../domain/codeartifact/packages.js';
import type { VersionBatches } from '../../../domain/codeartifact/version-batch.js';
import type { PackageVersions } from '../../../domain/codeartifact/versions.js';
import type {
  AssetRecord,
  PackageCursor,
  PackageRecord,
  VersionCursor,
  VersionSummaryRecord,
  VersionStatus,
} from '../../../store/records.js';
import { keysetPage } from '../paging.js';
import { callerOf } from '../caller.js';
import { type AnswerCache, NO_ANSWERS } from '../answer-cache.js';
import { DEFAULT_PAGE_SIZE } from './control-plane.js';

export interface CodeArtifactPackages {
  packages: Packages;
  versions: PackageVersions;
  batch: VersionBatches;
  /** Where list pages are kept behind their package's change stamp (none: every page is read afresh). */
  answers?: AnswerCache;
}

type PackageInput = PackageRef;

/** The store holds only formats the domain accepted, and the domain accepts only the model's. */
const formatOf = (format: string) => format as PackageFormat;

const namespaceOf = (namespace: string) => (namespace === '' ? undefined : namespace);

const origin = (pkg: PackageRecord): PackageOriginConfiguration => ({
  restrictions: { publish: pkg.publish, upstream: pkg.upstream },
});

const packageSummary = (pkg: PackageRecord): PackageSummary => ({
  format: formatOf(pkg.format),
  namespace: namespaceOf(pkg.namespace),
  package: pkg.name,
  originConfiguration: origin(pkg),
});

const versionOrigin = (version: VersionSummaryRecord): PackageVersionOrigin => ({
  domainEntryPoint: version.entryExternalConnection
    ? { externalConnectionName: version.entryExternalConnection }
    : version.entryRepository
      ? { repositoryName: version.entryRepository }
      : undefined,
  originType: version.originType,
});

const versionSummary = (version: VersionSummaryRecord): PackageVersionSummary => ({
  version: version.version,
  revision: version.revision,
  status: version.status,
  origin: versionOrigin(version),
});

const assetSummary = (asset: AssetRecord): AssetSummary => ({
  name: asset.name,
  size: asset.size,
  hashes: { MD5: asset.md5, 'SHA-1': asset.sha1, 'SHA-256': asset.sha256, 'SHA-512': asset.sha512 },
});

/** What a page token is bound to; the owner canonical (absent = the caller), so both spellings share tokens (QA L6). */
const coordinatesBinding = (input: PackageInput, context: { accountId: string }) => ({
  domain: input.domain,
  owner: input.domainOwner ?? context.accountId,
  repository: input.repository,
  format: input.format,
  namespace: input.namespace,
  package: input.package,
});

export function packageHandlers(ca: CodeArtifactPackages): OperationHandlers<CodeArtifactOperations> {
  // Looked up per request: some tests build the handlers over no domain at all (they never reach one).
  const answers = () => ca.answers ?? NO_ANSWERS;
  const describeVersion = async (
    input: DescribePackageVersionRequest,
    context: RequestContext,
  ): Promise<DescribePackageVersionResult> => {
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
  };

  const listAssets = async (
    input: ListPackageVersionAssetsRequest,
    context: RequestContext,
  ): Promise<ListPackageVersionAssetsResult> => {
    let view: Awaited<ReturnType<PackageVersions['listAssets']>> | undefined;
    const page = await keysetPage<AssetRecord, string>(
      context,
      {
        ...input,
        binding: { ...coordinatesBinding(input, context), version: input.packageVersion },
        defaultSize: DEFAULT_PAGE_SIZE,
      },
      async (after, limit) => {
        view = await ca.versions.listAssets(callerOf(context), input, input.packageVersion, after, limit);
        return view.assets;
      },
      (asset) => asset.name,
    );
    return {
      format: input.format,
      namespace: input.namespace,
      package: view!.coordinates.name,
      version: input.packageVersion,
      versionRevision: view!.version.revision,
      assets: page.items.map(assetSummary),
      nextToken: page.nextToken,
    };
  };

  return {
    async PublishPackageVersion(input, context): Promise<PublishPackageVersionResult> {
      const result = await ca.versions.publish(
        callerOf(context),
        input,
        input.packageVersion,
        input.assetName,
        input.assetContent ?? Buffer.alloc(0),
        input.assetSHA256,
        input.unfinished === true,
        context.now.getTime(),
      );
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

    async ListPackages(input, context): Promise<ListPackagesResult> {
      const page = await keysetPage<PackageRecord, PackageCursor>(
        context,
        {
          ...input,
          binding: { ...input, maxResults: undefined, nextToken: undefined },
          defaultSize: DEFAULT_PAGE_SIZE,
        },
        (after, limit) => ca.packages.list(callerOf(context), input, after, limit),
        (pkg) => ({ format: pkg.format, namespace: pkg.namespace, name: pkg.name }),
      );
      return { packages: page.items.map(packageSummary), nextToken: page.nextToken };
    },

    async DescribePackage(input, context): Promise<DescribePackageResult> {
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

    async DeletePackage(input, context): Promise<DeletePackageResult> {
      return { deletedPackage: packageSummary(await ca.packages.delete(callerOf(context), input)) };
    },

    async PutPackageOriginConfiguration(input, context): Promise<PutPackageOriginConfigurationResult> {
      const pkg = await ca.packages.putOrigin(callerOf(context), input, input.restrictions, context.now.getTime());
      return { originConfiguration: origin(pkg) };
    },

    async ListPackageVersions(input, context): Promise<ListPackageVersionsResult> {
      // 'Deleted' is a filter AWS accepts; Quiver keeps no deleted versions, so it lists none.
      const filter = { status: input.status as VersionStatus | undefined, originType: input.originType };
      const order = input.sortBy === 'PUBLISHED_TIME' ? 'newest' : 'version';
      // The page depends on the package's versions and dist-tags only (not its origin configuration, which it
      // does not show): their change stamp validates a kept page, read before the page itself.
      const stamp = await ca.versions.listStamp(callerOf(context), input, filter);
      return answers().answer(context, input, stamp, async (): Promise<ListPackageVersionsResult> => {
        let listed: Awaited<ReturnType<PackageVersions['list']>> | undefined;
        const page = await keysetPage<VersionSummaryRecord, VersionCursor>(
          context,
          {
            ...input,
            binding: {
              ...coordinatesBinding(input, context),
              status: input.status,
              originType: input.originType,
              sortBy: input.sortBy,
            },
            defaultSize: DEFAULT_PAGE_SIZE,
          },
          async (after, limit) => {
            listed = await ca.versions.list(callerOf(context), input, filter, order, after, limit);
            return listed.versions;
          },
          (version) => (order === 'newest' ? { order, id: version.id } : { order, version: version.version }),
        );
        return {
          defaultDisplayVersion: listed!.defaultDisplayVersion,
          format: input.format,
          namespace: input.namespace,
          package: listed!.coordinates.name, // as the format stores it (PyPI: normalised)
          versions: page.items.map(versionSummary),
          nextToken: page.nextToken,
        };
      });
    },

    async DescribePackageVersion(input, context): Promise<DescribePackageVersionResult> {
      // A version's row is all this shows: its package's change stamp covers it (read first, as for the list).
      const stamp = await ca.versions.versionStamp(callerOf(context), input, 'DescribePackageVersion');
      return answers().answer(context, input, stamp, () => describeVersion(input, context));
    },

    async ListPackageVersionAssets(input, context): Promise<ListPackageVersionAssetsResult> {
      const stamp = await ca.versions.versionStamp(callerOf(context), input, 'ListPackageVersionAssets');
      return answers().answer(context, input, stamp, () => listAssets(input, context));
    },

    async GetPackageVersionAsset(input, context): Promise<GetPackageVersionAssetResult> {
      const download = await ca.versions.download(
        callerOf(context),
        input,
        input.packageVersion,
        input.asset,
        input.packageVersionRevision,
      );
      return {
        asset: download.content,
        assetName: download.asset.name,
        packageVersion: download.version.version,
        packageVersionRevision: download.version.revision,
      };
    },

    async GetPackageVersionReadme(input, context): Promise<GetPackageVersionReadmeResult> {
      const { version, coordinates } = await ca.versions.readme(callerOf(context), input, input.packageVersion);
      return {
        format: input.format,
        namespace: input.namespace,
        package: coordinates.name,
        version: version.version,
        versionRevision: version.revision,
        readme: version.details.readme,
      };
    },

    async ListPackageVersionDependencies(input, context): Promise<ListPackageVersionDependenciesResult> {
      const { version, coordinates } = await ca.versions.dependencies(callerOf(context), input, input.packageVersion);
      // AWS returns a version's dependencies in one page; a token from another request is still refused.
      context.readPageToken(input.nextToken, coordinatesBinding(input, context));
      return {
        format: input.format,
        namespace: input.namespace,
        package: coordinates.name,
        version: version.version,
        versionRevision: version.revision,
        dependencies: version.details.dependencies ?? [],
      };
    },

    async UpdatePackageVersionsStatus(input, context): Promise<UpdatePackageVersionsStatusResult> {
      return ca.batch.updateStatus(callerOf(context), input, input, input.targetStatus, context.now.getTime());
    },

    async DisposePackageVersions(input, context): Promise<DisposePackageVersionsResult> {
      return ca.batch.dispose(callerOf(context), input, input, context.now.getTime());
    },

    async DeletePackageVersions(input, context): Promise<DeletePackageVersionsResult> {
      return ca.batch.delete(callerOf(context), input, input);
    },

    async CopyPackageVersions(input, context): Promise<CopyPackageVersionsResult> {
      return ca.batch.copy(callerOf(context), input, input, input.allowOverwrite === true, context.now.getTime());
    },
  };
}
