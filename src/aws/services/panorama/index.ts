// The Panorama service adapter: package and package-version handlers, import jobs, tags.
import { panoramaPermissions } from './permissions.js';
import { AwsError } from '../../errors.js';
import { loadServiceModel } from '../../model.js';
import {
  DEFAULT_ERROR_NAMES,
  type AwsServiceBinding,
  type OperationHandlers,
  type RequestContext,
} from '../../service.js';
import type {
  Operations as PanoramaOperations,
  JobResourceType,
  PackageImportJob,
  PackageImportJobOutput,
  PackageImportJobType,
  CreatePackageImportJobResponse,
  CreatePackageResponse,
  DeletePackageResponse,
  DeregisterPackageVersionResponse,
  DescribePackageImportJobResponse,
  DescribePackageResponse,
  DescribePackageVersionResponse,
  ListPackageImportJobsResponse,
  ListPackagesResponse,
  ListTagsForResourceResponse,
  RegisterPackageVersionResponse,
  TagResourceResponse,
  UntagResourceResponse,
} from '../../models/panorama/types.js';
import type { ImportJobDocument, PanoramaImportJobs } from '../../../domain/panorama/import-jobs.js';
import { panoramaPackageArn, storageLocation, type PanoramaPackages } from '../../../domain/panorama/packages.js';
import { CatalogError } from '../../../domain/shared/errors.js';
import type { PanoramaPackageRecord } from '../../../store/records.js';
import { keysetPage } from '../paging.js';
import { callerOf } from '../caller.js';

/** Panorama lists return at most 25; MaxResults 0 (allowed by the model) means "the default", 25. */
const PAGE_SIZE = 25;

function panoramaError(error: unknown): Error | undefined {
  if (!(error instanceof CatalogError)) return undefined;
  const resource = { ResourceId: error.resourceId ?? 'unknown', ResourceType: error.resourceType ?? 'Package' };
  switch (error.kind) {
    case 'NotFound':
      return new AwsError('ResourceNotFoundException', error.message, resource);
    case 'Conflict':
      return new AwsError('ConflictException', error.message, resource);
    case 'AccessDenied':
      return new AwsError('AccessDeniedException', error.message);
    case 'QuotaExceeded':
      return new AwsError('ServiceQuotaExceededException', error.message, {
        QuotaCode: 'packages',
        ServiceCode: 'panorama',
      });
    case 'Invalid':
      return new AwsError('ValidationException', error.message, { Reason: 'OTHER' });
  }
}

const pageSize = (max: number | undefined) => (max === undefined || max === 0 ? PAGE_SIZE : max);
/** Import jobs are stored as the model's documents, written from input the engine validated; text in the store. */
const jobType = (type: string) => type as PackageImportJobType;

const summary = (job: ImportJobDocument): PackageImportJob => ({
  CreatedTime: new Date(job.CreatedTime),
  JobId: job.JobId,
  JobType: jobType(job.JobType),
  LastUpdatedTime: new Date(job.LastUpdatedTime),
  Status: job.Status,
  StatusMessage: job.StatusMessage,
});

export function panoramaService(
  packages: PanoramaPackages,
  jobs: PanoramaImportJobs,
): AwsServiceBinding<PanoramaOperations> {
  const now = (context: RequestContext) => context.now.getTime();
  const handlers: OperationHandlers<PanoramaOperations> = {
    async CreatePackage(input, context): Promise<CreatePackageResponse> {
      const record = await packages.create(callerOf(context), input.PackageName, input.Tags ?? {}, now(context));
      return {
        Arn: panoramaPackageArn(record, record.packageId),
        PackageId: record.packageId,
        StorageLocation: storageLocation(record, record.packageId),
      };
    },

    async ListPackages(input, context): Promise<ListPackagesResponse> {
      const page = await keysetPage<{ record: PanoramaPackageRecord; tags: Record<string, string> }, string>(
        context,
        { nextToken: input.NextToken, maxResults: pageSize(input.MaxResults), binding: {}, defaultSize: PAGE_SIZE },
        (after, limit) => packages.list(callerOf(context), after, limit),
        (item) => item.record.name,
      );
      return {
        Packages: page.items.map(({ record, tags }) => ({
          Arn: panoramaPackageArn(record, record.packageId),
          CreatedTime: new Date(record.createdAt),
          PackageId: record.packageId,
          PackageName: record.name,
          Tags: tags,
        })),
        NextToken: page.nextToken,
      };
    },

    async DescribePackage(input, context): Promise<DescribePackageResponse> {
      const { record, tags } = await packages.describe(callerOf(context), input.PackageId);
      return {
        Arn: panoramaPackageArn(record, record.packageId),
        CreatedTime: new Date(record.createdAt),
        PackageId: record.packageId,
        PackageName: record.name,
        StorageLocation: storageLocation(record, record.packageId),
        Tags: tags,
        ReadAccessPrincipalArns: [],
        WriteAccessPrincipalArns: [],
      };
    },

    async DeletePackage(input, context): Promise<DeletePackageResponse> {
      await packages.delete(callerOf(context), input.PackageId, input.ForceDelete === true, now(context));
      return {};
    },

    async RegisterPackageVersion(input, context): Promise<RegisterPackageVersionResponse> {
      await packages.register(
        callerOf(context),
        input.PackageId,
        input.PackageVersion,
        input.PatchVersion,
        input.MarkLatest === true,
        input.OwnerAccount,
        now(context),
      );
      return {};
    },

    async DeregisterPackageVersion(input, context): Promise<DeregisterPackageVersionResponse> {
      await packages.deregister(
        callerOf(context),
        input.PackageId,
        input.PackageVersion,
        input.PatchVersion,
        input.OwnerAccount,
        input.UpdatedLatestPatchVersion,
        now(context),
      );
      return {};
    },

    async DescribePackageVersion(input, context): Promise<DescribePackageVersionResponse> {
      const view = await packages.describeVersion(
        callerOf(context),
        input.PackageId,
        input.PackageVersion,
        input.PatchVersion,
        input.OwnerAccount,
        now(context),
      );
      return {
        IsLatestPatch: view.isLatest,
        OwnerAccount: view.record.ownerAccount,
        PackageArn: panoramaPackageArn(view.package, view.package.packageId),
        PackageId: view.package.packageId,
        PackageName: view.package.name,
        PackageVersion: view.record.packageVersion,
        PatchVersion: view.record.patchVersion,
        RegisteredTime: new Date(view.record.registeredAt),
        Status: view.status,
        StatusDescription:
          view.status === 'FAILED'
            ? view.record.failure
            : view.status === 'REGISTER_PENDING'
              ? 'Registration in progress.'
              : view.status === 'DELETING'
                ? 'Deregistration in progress.'
                : 'Registration complete.',
      };
    },

    async CreatePackageImportJob(input, context): Promise<CreatePackageImportJobResponse> {
      return jobs.create(callerOf(context), input, now(context));
    },

    async DescribePackageImportJob(input, context): Promise<DescribePackageImportJobResponse> {
      const job = await jobs.describe(callerOf(context), input.JobId);
      return {
        ...job,
        JobType: jobType(job.JobType),
        // The model marks every Output member required, true only of a SUCCEEDED job: a pending or failed one
        // answers with what it has (as before these types); the SDKs do not enforce `required` on output.
        Output: job.Output as PackageImportJobOutput,
        JobTags: job.JobTags?.map((tags) => ({ ...tags, ResourceType: tags.ResourceType as JobResourceType })),
        CreatedTime: new Date(job.CreatedTime),
        LastUpdatedTime: new Date(job.LastUpdatedTime),
      };
    },

    async ListPackageImportJobs(input, context): Promise<ListPackageImportJobsResponse> {
      const page = await keysetPage<ImportJobDocument, { createdAt: number; jobId: string }>(
        context,
        { nextToken: input.NextToken, maxResults: pageSize(input.MaxResults), binding: {}, defaultSize: PAGE_SIZE },
        (after, limit) => jobs.list(callerOf(context), after, limit),
        (job) => ({ createdAt: job.CreatedTime, jobId: job.JobId }),
      );
      return { PackageImportJobs: page.items.map(summary), NextToken: page.nextToken };
    },

    async TagResource(input, context): Promise<TagResourceResponse> {
      await packages.tag(callerOf(context), input.ResourceArn, input.Tags);
      return {};
    },

    async UntagResource(input, context): Promise<UntagResourceResponse> {
      await packages.untag(callerOf(context), input.ResourceArn, input.TagKeys);
      return {};
    },

    async ListTagsForResource(input, context): Promise<ListTagsForResourceResponse> {
      return { Tags: await packages.listTags(callerOf(context), input.ResourceArn) };
    },
  };
  return {
    model: loadServiceModel('panorama'),
    handlers,
    errorNames: DEFAULT_ERROR_NAMES,
    mapError: panoramaError,
    permissions: panoramaPermissions,
  };
}
