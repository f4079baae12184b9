// What each Panorama operation needs: `panorama:<Operation>` on the package its input names (in
// `OwnerAccount` when given), else the tagged resource, else `*` (creating, listing, import jobs).
import type { Permission } from '../../../domain/identity/authorizer.js';
import { panoramaPackageArn } from '../../../domain/panorama/packages.js';
import type { Scope } from '../../../store/records.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function panoramaPermissions(operation: string, input: Record<string, unknown>, caller: Scope): Permission[] {
  const id = text(input.PackageId);
  const scope = { accountId: text(input.OwnerAccount) ?? caller.accountId, region: caller.region };
  const resourceArn = text(input.ResourceArn) ?? (id === undefined ? '*' : panoramaPackageArn(scope, id));
  return [{ action: `panorama:${operation}`, resourceArn }];
}
