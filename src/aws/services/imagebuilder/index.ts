// The Image Builder service adapter: AWS's image read operations over registered inventories, plus Quiver's
// ImportImageInventory and FindImagesByPackage (src/aws/extensions/imagebuilder.json). Every response body
// carries `requestId`, as Image Builder's do.
import { imageBuilderPermissions } from './permissions.js';
import { AwsError } from '../../errors.js';
import { loadServiceModel } from '../../model.js';
import type { AwsServiceBinding, OperationHandlers, RequestContext } from '../../service.js';
import type {
  Operations as ImageBuilderOperations,
  ImageSummary,
  ImageVersion,
  Platform,
  DeleteImageResponse,
  GetImageResponse,
  ListImageBuildVersionsResponse,
  ListImagePackagesResponse,
  ListImagesResponse,
  ListTagsForResourceResponse,
  QuiverFindImagesByPackageResponse,
  QuiverImportImageInventoryResponse,
  TagResourceResponse,
  UntagResourceResponse,
} from '../../models/imagebuilder/types.js';
import {
  buildVersionArn,
  imageVersionText,
  parseImageArn,
  versionArn,
  type Images,
} from '../../../domain/imagebuilder/images.js';
import { CatalogError } from '../../../domain/shared/errors.js';
import type {
  ImageFilter,
  ImageKey,
  ImagePackageMatch,
  ImagePackageRecord,
  ImageRecord,
} from '../../../store/records.js';
import { callerOf } from '../caller.js';
import { keysetPage } from '../paging.js';
import { type AnswerCache, NO_ANSWERS } from '../answer-cache.js';

const PAGE_SIZE = 25;
const LAST = 2 ** 31;

function imageBuilderError(error: unknown): Error | undefined {
  if (!(error instanceof CatalogError)) return undefined;
  switch (error.kind) {
    case 'NotFound':
      return new AwsError('ResourceNotFoundException', error.message);
    case 'Conflict':
      return new AwsError('ResourceAlreadyExistsException', error.message);
    case 'AccessDenied':
      return new AwsError('ForbiddenException', error.message);
    case 'QuotaExceeded':
      return new AwsError('ServiceQuotaExceededException', error.message);
    case 'Invalid':
      return new AwsError('InvalidParameterValueException', error.message);
  }
}

const FILTERS: Record<string, keyof ImageFilter | 'version'> = {
  name: 'name',
  osVersion: 'osVersion',
  platform: 'platform',
  type: 'imageType',
  version: 'version',
};

function toFilter(
  filters: { name?: string; values?: string[] }[] | undefined,
): Omit<ImageFilter, 'accountId' | 'region'> {
  const out: Omit<ImageFilter, 'accountId' | 'region'> = {};
  for (const filter of filters ?? []) {
    const field = filter.name ? FILTERS[filter.name] : undefined;
    if (!field)
      throw new AwsError(
        'InvalidParameterValueException',
        `Unsupported filter '${filter.name}': use ${Object.keys(FILTERS).join(', ')}.`,
      );
    const value = filter.values?.[0];
    if (value === undefined) continue;
    if (field === 'version') {
      const nodes = value.split('.').map(Number);
      if (nodes.length !== 3 || nodes.some((n) => !Number.isInteger(n)))
        throw new AwsError(
          'InvalidParameterValueException',
          `The version filter '${value}' must be <major>.<minor>.<patch>.`,
        );
      [out.major, out.minor, out.patch] = nodes as [number, number, number];
    } else {
      (out as Record<string, string>)[field] = value;
    }
  }
  return out;
}

/** Images are imported with a platform the model's enum admits (ImportImageInventory validates it). */
const platformOf = (platform: string) => platform as Platform;

const iso = (ms: number) => new Date(ms).toISOString();
const keyOf = (image: ImageRecord): ImageKey => ({
  accountId: image.accountId,
  region: image.region,
  arnName: image.arnName,
  major: image.major,
  minor: image.minor,
  patch: image.patch,
  build: image.build,
});

/** `answers` keeps ListImagePackages pages behind their image's change stamp (none: read afresh). */
export function imageBuilderService(
  images: Images,
  answers: AnswerCache = NO_ANSWERS,
): AwsServiceBinding<ImageBuilderOperations> {
  const summary = async (image: ImageRecord): Promise<ImageSummary> => ({
    arn: buildVersionArn(image),
    name: image.name,
    type: image.imageType,
    version: `${imageVersionText(image)}/${image.build}`,
    platform: platformOf(image.platform),
    osVersion: image.osVersion,
    state: { status: 'AVAILABLE' },
    owner: image.accountId,
    dateCreated: iso(image.createdAt),
    outputResources: { amis: [] },
    tags: await images.tagsOf(image),
    buildType: 'IMPORT',
    imageSource: 'IMPORTED',
  });

  /** Groups builds into versions (or names) for ListImages, keyset-paged on the group key. */
  const versionGroups = async (
    context: RequestContext,
    filter: Omit<ImageFilter, 'accountId' | 'region'>,
    byName: boolean,
    after: ImageKey | undefined,
    limit: number,
  ) => {
    const groups: ImageRecord[] = [];
    let cursor = after;
    const sameGroup = (a: ImageRecord, b: ImageRecord) =>
      a.arnName === b.arnName && (byName || (a.major === b.major && a.minor === b.minor && a.patch === b.patch));
    for (;;) {
      const builds = await images.list(callerOf(context), filter, cursor, 500);
      for (const build of builds) {
        const last = groups[groups.length - 1];
        if (last && sameGroup(last, build))
          groups[groups.length - 1] = build; // keep the newest build of the group
        else groups.push(build);
      }
      if (builds.length < 500 || groups.length > limit) break;
      cursor = keyOf(builds[builds.length - 1]!);
    }
    return groups;
  };

  const handlers: OperationHandlers<ImageBuilderOperations> = {
    async ImportImageInventory(input, context): Promise<QuiverImportImageInventoryResponse> {
      const image = await images.import(callerOf(context), input, context.now.getTime());
      return {
        requestId: context.requestId,
        imageBuildVersionArn: buildVersionArn(image),
        packageCount: image.packageCount,
      };
    },

    async ListImagePackages(input, context): Promise<ListImagePackagesResponse> {
      const stamp = await images.packagesStamp(callerOf(context), input.imageBuildVersionArn);
      // The page is kept, not its wire form: the output carries this request's id.
      const page = await answers.answer(
        context,
        input,
        stamp,
        async () => {
          const read = await keysetPage<ImagePackageRecord, number>(
            context,
            { ...input, binding: { arn: input.imageBuildVersionArn }, defaultSize: PAGE_SIZE },
            (after, limit) => images.packages(callerOf(context), input.imageBuildVersionArn, after ?? 0, limit),
            (pkg) => pkg.position,
          );
          return {
            nextToken: read.nextToken,
            imagePackageList: read.items.map((pkg) => ({ packageName: pkg.name, packageVersion: pkg.version })),
          };
        },
        { serialized: false },
      );
      return { requestId: context.requestId, ...page };
    },

    async GetImage(input, context): Promise<GetImageResponse> {
      const { image, all } = await images.resolve(callerOf(context), input.imageBuildVersionArn, 'GetImage');
      return {
        requestId: context.requestId,
        image: { ...(await summary(image)), enhancedImageMetadataEnabled: true },
        latestVersionReferences: images.latestReferences(image, all),
      };
    },

    async ListImages(input, context): Promise<ListImagesResponse> {
      const filter = toFilter(input.filters);
      if (input.byName && filter.major !== undefined) {
        throw new AwsError(
          'InvalidParameterCombinationException',
          'You cannot list Images by name and filter by version in the same request.',
        );
      }
      const byName = input.byName === true;
      const mine = input.owner === undefined || input.owner === 'Self';
      const page = await keysetPage<ImageRecord, ImageKey>(
        context,
        { ...input, binding: { owner: input.owner, filters: input.filters, byName }, defaultSize: PAGE_SIZE },
        async (after, limit) => (mine ? versionGroups(context, filter, byName, after, limit) : []),
        (image) => ({ ...keyOf(image), ...(byName ? { major: LAST, minor: LAST, patch: LAST } : {}), build: LAST }),
      );
      return {
        requestId: context.requestId,
        nextToken: page.nextToken,
        imageVersionList: page.items.map(
          (image): ImageVersion => ({
            arn: versionArn(image),
            name: image.name,
            type: image.imageType,
            version: imageVersionText(image),
            platform: platformOf(image.platform),
            osVersion: image.osVersion,
            owner: image.accountId,
            dateCreated: iso(image.createdAt),
            buildType: 'IMPORT',
            imageSource: 'IMPORTED',
          }),
        ),
      };
    },

    async ListImageBuildVersions(input, context): Promise<ListImageBuildVersionsResponse> {
      const filter = toFilter(input.filters);
      if (input.imageVersionArn) {
        images.checkListedArn(callerOf(context), input.imageVersionArn, 'ListImageBuildVersions');
        const parsed = parseImageArn(input.imageVersionArn)!;
        Object.assign(filter, {
          arnName: parsed.arnName,
          major: parsed.major,
          minor: parsed.minor,
          patch: parsed.patch,
        });
      }
      const page = await keysetPage<ImageRecord, ImageKey>(
        context,
        { ...input, binding: { arn: input.imageVersionArn, filters: input.filters }, defaultSize: PAGE_SIZE },
        (after, limit) => images.list(callerOf(context), filter, after, limit),
        keyOf,
      );
      return {
        requestId: context.requestId,
        nextToken: page.nextToken,
        imageSummaryList: await Promise.all(page.items.map(summary)),
      };
    },

    async DeleteImage(input, context): Promise<DeleteImageResponse> {
      const image = await images.delete(callerOf(context), input.imageBuildVersionArn);
      return { requestId: context.requestId, imageBuildVersionArn: buildVersionArn(image) };
    },

    async FindImagesByPackage(input, context): Promise<QuiverFindImagesByPackageResponse> {
      const page = await keysetPage<ImagePackageMatch, { key: ImageKey; position: number }>(
        context,
        { ...input, binding: { name: input.packageName, version: input.packageVersion }, defaultSize: PAGE_SIZE },
        (after, limit) => images.find(callerOf(context), input.packageName, input.packageVersion, after, limit),
        (match) => ({ key: keyOf(match.image), position: match.package.position }),
      );
      return {
        requestId: context.requestId,
        nextToken: page.nextToken,
        images: page.items.map((match) => ({
          imageBuildVersionArn: buildVersionArn(match.image),
          name: match.image.name,
          version: `${imageVersionText(match.image)}/${match.image.build}`,
          packageName: match.package.name,
          packageVersion: match.package.version,
        })),
      };
    },

    async TagResource(input, context): Promise<TagResourceResponse> {
      await images.tag(callerOf(context), input.resourceArn, input.tags);
      return {};
    },

    async UntagResource(input, context): Promise<UntagResourceResponse> {
      await images.untag(callerOf(context), input.resourceArn, input.tagKeys);
      return {};
    },

    async ListTagsForResource(input, context): Promise<ListTagsForResourceResponse> {
      return { tags: await images.listTags(callerOf(context), input.resourceArn) };
    },
  };

  return {
    model: loadServiceModel('imagebuilder'),
    handlers,
    errorNames: {
      validation: 'InvalidParameterValueException',
      validationEverywhere: true,
      throttling: 'CallRateLimitExceededException',
      pagination: 'InvalidPaginationTokenException',
      internal: 'ServiceException',
      accessDenied: 'ForbiddenException',
    },
    mapError: imageBuilderError,
    permissions: imageBuilderPermissions,
  };
}
