// What each Image Builder operation needs: `imagebuilder:<Operation>` on the image (build) version its
// input names, else the tagged resource, else `*` (ListImages, and Quiver's import and search).
import type { Permission } from '../../../domain/identity/authorizer.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function imageBuilderPermissions(operation: string, input: Record<string, unknown>): Permission[] {
  const resourceArn = text(input.imageBuildVersionArn) ?? text(input.imageVersionArn) ?? text(input.resourceArn) ?? '*';
  return [{ action: `imagebuilder:${operation}`, resourceArn }];
}
