// IoT Software Package Catalog packages and versions.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.
import type { Scope } from './scope.js';

export interface IotPackageRecord extends Scope {
  name: string;
  description?: string;
  defaultVersion?: string;
  createdAt: number;
  updatedAt: number;
}

export type IotVersionStatus = 'DRAFT' | 'PUBLISHED' | 'DEPRECATED';

/** What an IoT package version holds besides its keys and status (kept as one JSON document). */
export interface IotVersionDocument {
  description?: string;
  attributes?: Record<string, string>;
  artifact?: { s3Location?: { bucket?: string; key?: string; version?: string } };
  recipe?: string;
  errorReason?: string;
  sbom?: { s3Location?: { bucket?: string; key?: string; version?: string } };
  sbomValidationStatus?: 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED';
  sbomValidationResults?: {
    fileName?: string;
    validationResult: 'FAILED' | 'SUCCEEDED';
    errorCode?: string;
    errorMessage?: string;
  }[];
}

export interface IotVersionRecord extends Scope {
  packageName: string;
  name: string;
  status: IotVersionStatus;
  createdAt: number;
  updatedAt: number;
  document: IotVersionDocument;
}

/** A version without its document: what a list page shows (ListPackageVersions' summaries). */
export type IotVersionSummaryRecord = Omit<IotVersionRecord, 'document'>;
