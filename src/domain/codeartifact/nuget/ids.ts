// NuGet package IDs: nuget.org's rule (letters, digits, `_`, and `.`/`-` between them; at most 100 characters).
// CodeArtifact stores the ID lowercased (UG:nuget-name-normalization, `ToLowerInvariant` as NuGet's flat
// container does); the original spelling is the version's displayName.
import { invalid } from '../../shared/errors.js';

const NUGET_ID = /^\w+(?:[_.-]\w+)*$/;
export const MAX_ID_LENGTH = 100;

export const isNugetId = (id: string) => id.length <= MAX_ID_LENGTH && NUGET_ID.test(id) && /^[\x20-\x7e]*$/.test(id);

export const normalizeNugetId = (id: string) => id.toLowerCase();

/** The lowercased ID, or a 400 naming the problem. */
export function parseNugetId(id: string): string {
  if (!isNugetId(id))
    throw invalid(
      `Invalid NuGet package ID "${id}": IDs are ASCII letters, digits and "_", with ".", "-" between them, ` +
        `at most ${MAX_ID_LENGTH} characters.`,
    );
  return normalizeNugetId(id);
}
