// Image Builder image build versions and their package inventories.
// Plain data: no behaviour, no driver types. Times are epoch milliseconds.
import type { Scope } from './scope.js';

/** An image build version: `arn:aws:imagebuilder:<region>:<account>:image/<arnName>/<major>.<minor>.<patch>/<build>`. */
export interface ImageKey extends Scope {
  arnName: string;
  major: number;
  minor: number;
  patch: number;
  build: number;
}

export interface ImageRecord extends ImageKey {
  name: string;
  imageType: 'AMI' | 'DOCKER';
  platform: string;
  osVersion?: string;
  description?: string;
  packageCount: number;
  createdAt: number;
}

export interface ImagePackageRecord {
  position: number;
  name: string;
  version: string;
}

export interface ImageFilter extends Scope {
  arnName?: string;
  major?: number;
  minor?: number;
  patch?: number;
  name?: string;
  platform?: string;
  osVersion?: string;
  imageType?: string;
}

export interface ImagePackageMatch {
  image: ImageRecord;
  package: ImagePackageRecord;
}
