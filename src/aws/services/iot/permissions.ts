// What each IoT Software Package Catalog operation needs: `iot:<Operation>` on the package version, else
// the package, else the tagged resource, else `*` (ListPackages, the account's package configuration).
import type { Permission } from '../../../domain/identity/authorizer.js';
import { iotPackageArn, iotVersionArn } from '../../../domain/iot/catalog.js';
import type { Scope } from '../../../store/records.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function iotPermissions(operation: string, input: Record<string, unknown>, caller: Scope): Permission[] {
  const name = text(input.packageName);
  const version = text(input.versionName);
  const resourceArn =
    text(input.resourceArn) ??
    (name === undefined
      ? '*'
      : version === undefined
        ? iotPackageArn(caller, name)
        : iotVersionArn(caller, name, version));
  return [{ action: `iot:${operation}`, resourceArn }];
}
