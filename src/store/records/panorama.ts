// Panorama packages, their registered patch versions and import jobs.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.
import type { Scope } from './scope.js';

export interface PanoramaPackageRecord extends Scope {
  packageId: string;
  name: string;
  createdAt: number;
}

/** One registered patch of a Panorama package version. Its status is derived from the times (see domain/panorama). */
export interface PanoramaVersionRecord {
  packageId: string;
  ownerAccount: string;
  packageVersion: string;
  patchVersion: string;
  isLatest: boolean;
  registeredAt: number;
  failure?: string;
  deregisteredAt?: number;
}

export interface PanoramaImportJobRecord extends Scope {
  jobId: string;
  createdAt: number;
  /** The job as DescribePackageImportJob shows it (JSON). */
  document: string;
}
