// The IoT service adapter, for the Software Package Catalog operations (and IoT's tag operations on
// package resources). Every mutating operation honours `clientToken` (the SDKs fill one in).
import { iotPermissions } from './permissions.js';
import { AwsError } from '../../errors.js';
import { loadServiceModel } from '../../model.js';
import {
  DEFAULT_ERROR_NAMES,
  modelledError,
  type AwsServiceBinding,
  type OperationHandlers,
  type RequestContext,
} from '../../service.js';
import type {
  Operations as IotOperations,
  PackageSummary,
  PackageVersionSummary,
  SbomValidationResultSummary,
  AssociateSbomWithPackageVersionResponse,
  CreatePackageResponse,
  CreatePackageVersionResponse,
  DeletePackageResponse,
  DeletePackageVersionResponse,
  DisassociateSbomFromPackageVersionResponse,
  GetPackageConfigurationResponse,
  GetPackageResponse,
  GetPackageVersionResponse,
  ListPackageVersionsResponse,
  ListPackagesResponse,
  ListSbomValidationResultsResponse,
  ListTagsForResourceResponse,
  TagResourceResponse,
  UntagResourceResponse,
  UpdatePackageConfigurationResponse,
  UpdatePackageResponse,
  UpdatePackageVersionResponse,
} from '../../models/iot/types.js';
import { iotPackageArn, iotVersionArn, type IotPackages } from '../../../domain/iot/catalog.js';
import { CatalogError } from '../../../domain/shared/errors.js';
import { idempotent } from '../../../domain/shared/idempotency.js';
import type { IotPackageRecord, IotVersionSummaryRecord } from '../../../store/records.js';
import type { Store } from '../../../store/store.js';
import { callerOf } from '../caller.js';
import { keysetPage } from '../paging.js';
import { type AnswerCache, NO_ANSWERS } from '../answer-cache.js';

const PAGE_SIZE = 25;

function iotError(
  error: unknown,
  operation: { errors?: { shape: string }[]; name: string; http: { method: string; requestUri: string } },
): Error | undefined {
  if (!(error instanceof CatalogError)) return undefined;
  switch (error.kind) {
    case 'NotFound':
      return new AwsError('ResourceNotFoundException', error.message);
    case 'Conflict':
      return new AwsError('ConflictException', error.message, { resourceId: error.resourceId });
    case 'QuotaExceeded':
      return new AwsError(
        modelledError(operation, ['ServiceQuotaExceededException', 'LimitExceededException']),
        error.message,
      );
    case 'AccessDenied':
      return new AwsError('UnauthorizedException', error.message);
    case 'Invalid':
      return new AwsError(modelledError(operation, ['ValidationException', 'InvalidRequestException']), error.message);
  }
}

const packageSummary = (record: IotPackageRecord): PackageSummary => ({
  packageName: record.name,
  defaultVersionName: record.defaultVersion,
  creationDate: new Date(record.createdAt),
  lastModifiedDate: new Date(record.updatedAt),
});

const versionSummary = (record: IotVersionSummaryRecord): PackageVersionSummary => ({
  packageName: record.packageName,
  versionName: record.name,
  status: record.status,
  creationDate: new Date(record.createdAt),
  lastModifiedDate: new Date(record.updatedAt),
});

/** `answers` keeps ListPackageVersions pages behind their package's change stamp (none: read afresh). */
export function iotService(
  catalog: IotPackages,
  store: Store,
  answers: AnswerCache = NO_ANSWERS,
): AwsServiceBinding<IotOperations> {
  /**
   * Runs a mutation once per clientToken: a repeat with the same input replays the first result. `work`
   * declares the handler's output type: TypeScript checks an object literal for unknown members only there.
   */
  const once = <T>(context: RequestContext, input: { clientToken?: string }, work: () => Promise<T>): Promise<T> => {
    const { clientToken, ...rest } = input;
    const key =
      clientToken === undefined
        ? undefined
        : {
            accountId: context.accountId,
            region: context.region,
            service: 'iot',
            operation: context.operation,
            clientToken,
          };
    return idempotent(store, key, rest, context.now.getTime(), work);
  };
  const now = (context: RequestContext) => context.now.getTime();

  const handlers: OperationHandlers<IotOperations> = {
    async CreatePackage(input, context): Promise<CreatePackageResponse> {
      return once(context, input, async (): Promise<CreatePackageResponse> => {
        const record = await catalog.createPackage(
          callerOf(context),
          input.packageName,
          input.description,
          input.tags ?? {},
          now(context),
        );
        return {
          packageName: record.name,
          packageArn: iotPackageArn(record, record.name),
          description: record.description,
        };
      });
    },

    async GetPackage(input, context): Promise<GetPackageResponse> {
      const record = await catalog.getPackage(callerOf(context), input.packageName);
      return {
        ...packageSummary(record),
        packageArn: iotPackageArn(record, record.name),
        description: record.description,
      };
    },

    async UpdatePackage(input, context): Promise<UpdatePackageResponse> {
      return once(context, input, async (): Promise<UpdatePackageResponse> => {
        await catalog.updatePackage(callerOf(context), input.packageName, input, now(context));
        return {};
      });
    },

    async DeletePackage(input, context): Promise<DeletePackageResponse> {
      return once(context, input, async (): Promise<DeletePackageResponse> => {
        await catalog.deletePackage(callerOf(context), input.packageName);
        return {};
      });
    },

    async ListPackages(input, context): Promise<ListPackagesResponse> {
      const page = await keysetPage<IotPackageRecord, string>(
        context,
        { ...input, binding: {}, defaultSize: PAGE_SIZE },
        (after, limit) => catalog.listPackages(callerOf(context), after, limit),
        (record) => record.name,
      );
      return { packageSummaries: page.items.map(packageSummary), nextToken: page.nextToken };
    },

    async CreatePackageVersion(input, context): Promise<CreatePackageVersionResponse> {
      return once(context, input, async (): Promise<CreatePackageVersionResponse> => {
        const record = await catalog.createVersion(
          callerOf(context),
          input.packageName,
          input.versionName,
          { ...input, tags: input.tags ?? {} },
          now(context),
        );
        return {
          packageVersionArn: iotVersionArn(record, record.packageName, record.name),
          packageName: record.packageName,
          versionName: record.name,
          description: record.document.description,
          attributes: record.document.attributes,
          status: record.status,
          errorReason: record.document.errorReason,
        };
      });
    },

    async GetPackageVersion(input, context): Promise<GetPackageVersionResponse> {
      const record = await catalog.getVersion(callerOf(context), input.packageName, input.versionName);
      const doc = record.document;
      return {
        packageVersionArn: iotVersionArn(record, record.packageName, record.name),
        packageName: record.packageName,
        versionName: record.name,
        description: doc.description,
        attributes: doc.attributes,
        artifact: doc.artifact,
        status: record.status,
        errorReason: doc.errorReason,
        creationDate: new Date(record.createdAt),
        lastModifiedDate: new Date(record.updatedAt),
        sbom: doc.sbom,
        sbomValidationStatus: doc.sbomValidationStatus,
        recipe: doc.recipe,
      };
    },

    async UpdatePackageVersion(input, context): Promise<UpdatePackageVersionResponse> {
      return once(context, input, async (): Promise<UpdatePackageVersionResponse> => {
        await catalog.updateVersion(callerOf(context), input.packageName, input.versionName, input, now(context));
        return {};
      });
    },

    async DeletePackageVersion(input, context): Promise<DeletePackageVersionResponse> {
      return once(context, input, async (): Promise<DeletePackageVersionResponse> => {
        await catalog.deleteVersion(callerOf(context), input.packageName, input.versionName);
        return {};
      });
    },

    async ListPackageVersions(input, context): Promise<ListPackageVersionsResponse> {
      const stamp = await catalog.versionsStamp(callerOf(context), input.packageName);
      return answers.answer(context, input, stamp, async (): Promise<ListPackageVersionsResponse> => {
        const page = await keysetPage<IotVersionSummaryRecord, string>(
          context,
          { ...input, binding: { packageName: input.packageName, status: input.status }, defaultSize: PAGE_SIZE },
          (after, limit) =>
            catalog.listVersionSummaries(callerOf(context), input.packageName, input.status, after, limit),
          (record) => record.name,
        );
        return { packageVersionSummaries: page.items.map(versionSummary), nextToken: page.nextToken };
      });
    },

    async GetPackageConfiguration(_input, context): Promise<GetPackageConfigurationResponse> {
      return { versionUpdateByJobsConfig: await catalog.configuration(callerOf(context)) };
    },

    async UpdatePackageConfiguration(input, context): Promise<UpdatePackageConfigurationResponse> {
      return once(context, input, async (): Promise<UpdatePackageConfigurationResponse> => {
        await catalog.updateConfiguration(callerOf(context), input.versionUpdateByJobsConfig ?? {});
        return {};
      });
    },

    async AssociateSbomWithPackageVersion(input, context): Promise<AssociateSbomWithPackageVersionResponse> {
      return once(context, input, async (): Promise<AssociateSbomWithPackageVersionResponse> => {
        const record = await catalog.associateSbom(
          callerOf(context),
          input.packageName,
          input.versionName,
          input.sbom,
          now(context),
        );
        return {
          packageName: record.packageName,
          versionName: record.name,
          sbom: record.document.sbom,
          sbomValidationStatus: record.document.sbomValidationStatus,
        };
      });
    },

    async DisassociateSbomFromPackageVersion(input, context): Promise<DisassociateSbomFromPackageVersionResponse> {
      return once(context, input, async (): Promise<DisassociateSbomFromPackageVersionResponse> => {
        await catalog.disassociateSbom(callerOf(context), input.packageName, input.versionName, now(context));
        return {};
      });
    },

    async ListSbomValidationResults(input, context): Promise<ListSbomValidationResultsResponse> {
      const record = await catalog.getVersion(callerOf(context), input.packageName, input.versionName);
      const results = (record.document.sbomValidationResults ?? []).filter(
        (r) => !input.validationResult || r.validationResult === input.validationResult,
      );
      context.readPageToken(input.nextToken, { packageName: input.packageName, versionName: input.versionName });
      // The domain writes only the model's error codes (src/domain/iot/catalog.ts); the store keeps them as text.
      return { validationResultSummaries: results as SbomValidationResultSummary[] };
    },

    async TagResource(input, context): Promise<TagResourceResponse> {
      await catalog.tag(
        callerOf(context),
        input.resourceArn,
        input.tags.map((tag) => ({ key: tag.Key, value: tag.Value ?? '' })),
      );
      return {};
    },

    async UntagResource(input, context): Promise<UntagResourceResponse> {
      await catalog.untag(callerOf(context), input.resourceArn, input.tagKeys);
      return {};
    },

    async ListTagsForResource(input, context): Promise<ListTagsForResourceResponse> {
      const tags = await catalog.listTags(callerOf(context), input.resourceArn);
      return { tags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) };
    },
  };
  return {
    model: loadServiceModel('iot'),
    handlers,
    errorNames: DEFAULT_ERROR_NAMES,
    mapError: iotError,
    permissions: iotPermissions,
  };
}
