// API version negotiation (Registry.md §3.5): `Accept: application/vnd.swift.registry[.v{n}][+json|+zip|+swift]`.
// Version 1 is the only one. A version that is not a decimal integer is invalid (400, "invalid API version"); a
// well-formed other one is unsupported (415). A request with no Accept, or one naming only other media types
// (`*/*`, `application/json`), is answered in version 1, as §3.5 allows.
import { RegistryError } from '../common/errors.js';

export const API_VERSION = '1';
const SWIFT_MEDIA = /^application\/vnd\.swift\.registry(?:\.v([^+;\s]*))?(?:\+([a-z]+))?$/i;

export function checkApiVersion(accept: string | undefined): void {
  if (!accept) return;
  let sawVersion1 = false;
  let refusal: RegistryError | undefined;
  for (const range of accept.split(',')) {
    const type = range.split(';', 1)[0]!.trim();
    const match = SWIFT_MEDIA.exec(type);
    if (!match) continue;
    const [, version, suffix] = match;
    if (suffix !== undefined && !['json', 'zip', 'swift'].includes(suffix.toLowerCase())) {
      refusal ??= new RegistryError(400, `invalid media type ${type}: the suffix is +json, +zip or +swift`);
      continue;
    }
    if (version === undefined || version === API_VERSION) sawVersion1 = true;
    else if (/^\d+$/.test(version))
      refusal ??= new RegistryError(415, `unsupported API version ${version}: this registry serves version 1`);
    else refusal ??= new RegistryError(400, `invalid API version "${version}" in ${type}`);
  }
  if (!sawVersion1 && refusal) throw refusal;
}
