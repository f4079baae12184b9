// What each web catalog page needs: the actions of the AWS operations it stands for, on the resources they
// name (the same ARNs the AWS API's permissions.ts build), so a policy means the same in a browser as in
// the aws CLI. A page that reads through several operations needs each of them.
import { domainArn, packageArn, repositoryArn } from '../domain/codeartifact/arns.js';
import type { PackageRef } from '../domain/codeartifact/packages.js';
import type { Permission } from '../domain/identity/authorizer.js';
import { iotPackageArn } from '../domain/iot/catalog.js';
import { panoramaPackageArn } from '../domain/panorama/packages.js';
import type { Scope } from '../store/records.js';

const on = (resourceArn: string, ...actions: string[]): Permission[] =>
  actions.map((action) => ({ action, resourceArn }));

const packageArnOf = (scope: Scope, ref: PackageRef) =>
  packageArn(scope, ref.domain, ref.repository, ref.format, ref.namespace, ref.package);

export const pageNeeds = {
  /** The domain list: ListDomains. */
  domains: () => on('*', 'codeartifact:ListDomains'),
  /** A domain's page: DescribeDomain and ListRepositoriesInDomain. */
  domain: (scope: Scope, domain: string) =>
    on(domainArn(scope, domain), 'codeartifact:DescribeDomain', 'codeartifact:ListRepositoriesInDomain'),
  /** A repository's page: DescribeRepository and ListPackages. */
  repository: (scope: Scope, domain: string, repository: string) =>
    on(repositoryArn(scope, domain, repository), 'codeartifact:DescribeRepository', 'codeartifact:ListPackages'),
  /** A repository's packages among search results: ListPackages. */
  searchHit: (scope: Scope, domain: string, repository: string) =>
    on(repositoryArn(scope, domain, repository), 'codeartifact:ListPackages'),
  /** A package's page: DescribePackage, ListPackageVersions, DescribePackageVersion, ListPackageVersionAssets. */
  package: (scope: Scope, ref: PackageRef) =>
    on(
      packageArnOf(scope, ref),
      'codeartifact:DescribePackage',
      'codeartifact:ListPackageVersions',
      'codeartifact:DescribePackageVersion',
      'codeartifact:ListPackageVersionAssets',
    ),
  /** A download: GetPackageVersionAsset. */
  asset: (scope: Scope, ref: PackageRef) => on(packageArnOf(scope, ref), 'codeartifact:GetPackageVersionAsset'),
  /** A status change: DisposePackageVersions for Disposed, else UpdatePackageVersionsStatus (and the reads its confirmation shows). */
  statusChange: (scope: Scope, ref: PackageRef, target: string) =>
    on(
      packageArnOf(scope, ref),
      target === 'Disposed' ? 'codeartifact:DisposePackageVersions' : 'codeartifact:UpdatePackageVersionsStatus',
      'codeartifact:DescribePackage',
      'codeartifact:DescribePackageVersion',
    ),
  iotPackages: () => on('*', 'iot:ListPackages'),
  iotPackage: (scope: Scope, name: string) =>
    on(iotPackageArn(scope, name), 'iot:GetPackage', 'iot:ListPackageVersions'),
  panoramaPackages: () => on('*', 'panorama:ListPackages'),
  panoramaPackage: (scope: Scope, packageId: string) =>
    on(panoramaPackageArn(scope, packageId), 'panorama:DescribePackage', 'panorama:DescribePackageVersion'),
  images: () => on('*', 'imagebuilder:ListImages'),
  imagesContaining: () => on('*', 'imagebuilder:FindImagesByPackage'),
  image: (imageArn: string) => on(imageArn, 'imagebuilder:GetImage', 'imagebuilder:ListImagePackages'),
};
