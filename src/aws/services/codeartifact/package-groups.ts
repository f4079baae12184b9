// CodeArtifact package-group handlers: the ten operations, translated to PackageGroups (domain) and back to the
// model's shapes. Lists page with the engine's signed tokens like every other list operation.
import type {
  AllowedRepository,
  AssociatedPackageView,
  PackageGroupView,
  PackageGroups,
} from '../../../domain/codeartifact/package-groups.js';
import type { OriginRestrictionType, PackagePathCursor } from '../../../store/records.js';
import type {
  Operations as CodeArtifactOperations,
  CreatePackageGroupResult,
  DeletePackageGroupResult,
  DescribePackageGroupResult,
  GetAssociatedPackageGroupResult,
  ListAllowedRepositoriesForGroupResult,
  ListAssociatedPackagesResult,
  ListPackageGroupsResult,
  ListSubPackageGroupsResult,
  PackageFormat,
  PackageGroupAllowedRepository,
  PackageGroupDescription,
  PackageGroupSummary,
  UpdatePackageGroupOriginConfigurationResult,
  UpdatePackageGroupResult,
} from '../../models/codeartifact/types.js';
import type { OperationHandlers } from '../../service.js';
import { callerOf } from '../caller.js';
import { keysetPage } from '../paging.js';
import { DEFAULT_PAGE_SIZE } from './control-plane.js';

export interface CodeArtifactPackageGroups {
  packageGroups: PackageGroups;
}

const description = (group: PackageGroupView): PackageGroupDescription & PackageGroupSummary => ({
  arn: group.arn,
  pattern: group.pattern,
  domainName: group.domainName,
  domainOwner: group.domainOwner,
  createdTime: new Date(group.createdAt),
  contactInfo: group.contactInfo,
  description: group.description,
  originConfiguration: { restrictions: group.restrictions },
  parent: group.parent,
});

const allowed = (entries: PackageGroupAllowedRepository[] | undefined): AllowedRepository[] =>
  (entries ?? []).map((e) => ({
    repositoryName: e.repositoryName ?? '',
    originRestrictionType: e.originRestrictionType as OriginRestrictionType,
  }));

export function packageGroupHandlers(ca: CodeArtifactPackageGroups): OperationHandlers<CodeArtifactOperations> {
  return {
    async CreatePackageGroup(input, context): Promise<CreatePackageGroupResult> {
      const group = await ca.packageGroups.create(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.packageGroup,
        { contactInfo: input.contactInfo, description: input.description, tags: input.tags ?? [] },
        context.now.getTime(),
      );
      return { packageGroup: description(group) };
    },

    async DescribePackageGroup(input, context): Promise<DescribePackageGroupResult> {
      const group = await ca.packageGroups.describe(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.packageGroup,
      );
      return { packageGroup: description(group) };
    },

    async UpdatePackageGroup(input, context): Promise<UpdatePackageGroupResult> {
      const group = await ca.packageGroups.update(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.packageGroup,
        {
          contactInfo: input.contactInfo,
          description: input.description,
        },
      );
      return { packageGroup: description(group) };
    },

    async DeletePackageGroup(input, context): Promise<DeletePackageGroupResult> {
      const group = await ca.packageGroups.delete(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.packageGroup,
      );
      return { packageGroup: description(group) };
    },

    async ListPackageGroups(input, context): Promise<ListPackageGroupsResult> {
      const page = await keysetPage<PackageGroupView, string>(
        context,
        {
          ...input,
          binding: { domain: input.domain, owner: input.domainOwner, prefix: input.prefix },
          defaultSize: DEFAULT_PAGE_SIZE,
        },
        (after, limit) =>
          ca.packageGroups.list(callerOf(context), input.domainOwner, input.domain, input.prefix, after, limit),
        (group) => group.pattern,
      );
      return { packageGroups: page.items.map(description), nextToken: page.nextToken };
    },

    async ListSubPackageGroups(input, context): Promise<ListSubPackageGroupsResult> {
      const page = await keysetPage<PackageGroupView, string>(
        context,
        {
          ...input,
          binding: { domain: input.domain, owner: input.domainOwner, group: input.packageGroup },
          defaultSize: DEFAULT_PAGE_SIZE,
        },
        (after, limit) =>
          ca.packageGroups.listChildren(
            callerOf(context),
            input.domainOwner,
            input.domain,
            input.packageGroup,
            after,
            limit,
          ),
        (group) => group.pattern,
      );
      return { packageGroups: page.items.map(description), nextToken: page.nextToken };
    },

    async UpdatePackageGroupOriginConfiguration(input, context): Promise<UpdatePackageGroupOriginConfigurationResult> {
      const { group, updates } = await ca.packageGroups.updateOrigin(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.packageGroup,
        {
          restrictions: input.restrictions,
          add: allowed(input.addAllowedRepositories),
          remove: allowed(input.removeAllowedRepositories),
        },
      );
      return { packageGroup: description(group), allowedRepositoryUpdates: updates };
    },

    async ListAllowedRepositoriesForGroup(input, context): Promise<ListAllowedRepositoriesForGroupResult> {
      const page = await keysetPage<string, string>(
        context,
        {
          ...input,
          binding: {
            domain: input.domain,
            owner: input.domainOwner,
            group: input.packageGroup,
            type: input.originRestrictionType,
          },
          defaultSize: DEFAULT_PAGE_SIZE,
        },
        (after, limit) =>
          ca.packageGroups.listAllowed(
            callerOf(context),
            input.domainOwner,
            input.domain,
            input.packageGroup,
            input.originRestrictionType,
            after,
            limit,
          ),
        (name) => name,
      );
      return { allowedRepositories: page.items, nextToken: page.nextToken };
    },

    async GetAssociatedPackageGroup(input, context): Promise<GetAssociatedPackageGroupResult> {
      const { group, association } = await ca.packageGroups.associated(
        callerOf(context),
        input.domainOwner,
        input.domain,
        input.format,
        input.namespace,
        input.package,
      );
      return { packageGroup: description(group), associationType: association };
    },

    async ListAssociatedPackages(input, context): Promise<ListAssociatedPackagesResult> {
      const preview = input.preview ?? false;
      const page = await keysetPage<AssociatedPackageView, PackagePathCursor>(
        context,
        {
          ...input,
          binding: { domain: input.domain, owner: input.domainOwner, group: input.packageGroup, preview },
          defaultSize: DEFAULT_PAGE_SIZE,
        },
        (after, limit) =>
          ca.packageGroups.listAssociated(
            callerOf(context),
            input.domainOwner,
            input.domain,
            input.packageGroup,
            preview,
            after,
            limit,
          ),
        (p) => ({ format: p.format, namespace: p.namespace, name: p.name }),
      );
      return {
        packages: page.items.map((p) => ({
          format: p.format as PackageFormat,
          namespace: p.namespace || undefined,
          package: p.name,
          associationType: p.associationType,
        })),
        nextToken: page.nextToken,
      };
    },
  };
}
