// Panorama package-version status, derived from timestamps rather than advanced by a background worker:
// a registration is REGISTER_PENDING for `registrationMs`, then REGISTER_COMPLETED (or FAILED when it
// recorded a failure); a deregistration is DELETING for `deregistrationMs`, then the patch is gone (404).
// A client polling as panorama-cli and the CloudFormation providers do sees every state, the states survive
// a crash, and every instance on one database agrees on them without coordination.
import type { PanoramaVersionRecord } from '../../store/records.js';

export type PanoramaVersionStatus = 'REGISTER_PENDING' | 'REGISTER_COMPLETED' | 'FAILED' | 'DELETING';

export interface PanoramaTiming {
  registrationMs: number;
  deregistrationMs: number;
}

/** Gone: its deregistration finished. Such rows are purged by the next write to the package. */
export const isGone = (record: PanoramaVersionRecord, now: number, timing: PanoramaTiming) =>
  record.deregisteredAt !== undefined && now >= record.deregisteredAt + timing.deregistrationMs;

export function statusOf(record: PanoramaVersionRecord, now: number, timing: PanoramaTiming): PanoramaVersionStatus {
  if (record.deregisteredAt !== undefined) return 'DELETING';
  if (now < record.registeredAt + timing.registrationMs) return 'REGISTER_PENDING';
  return record.failure ? 'FAILED' : 'REGISTER_COMPLETED';
}
