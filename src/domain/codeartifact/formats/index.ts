// The format registry: every format CodeArtifact names (GetRepositoryEndpoint's enum), each with its rules.
import { CatalogError } from '../../shared/errors.js';
import { cargoFormat } from './cargo.js';
import { type PackageFormat, storedFormat } from './format.js';
import { mavenFormat } from './maven.js';
import { npmFormat } from './npm.js';
import { nugetFormat } from './nuget.js';
import { pypiFormat } from './pypi.js';
import { rubyFormat } from './ruby.js';
import { swiftFormat } from './swift.js';

export type { PackageFormat } from './format.js';

const FORMATS: ReadonlyMap<string, PackageFormat> = new Map(
  [
    npmFormat,
    pypiFormat,
    storedFormat('generic', 'required'),
    mavenFormat,
    cargoFormat,
    rubyFormat,
    nugetFormat,
    swiftFormat,
  ].map((format) => [format.name, format]),
);

/** The rules of a format; the engine has already checked the name against the model's enum. */
export function formatOf(name: string): PackageFormat {
  const format = FORMATS.get(name);
  if (!format) throw new CatalogError('Invalid', `Unknown package format ${name}.`);
  return format;
}

/** External connections Quiver proxies, and the format each serves (AssociateExternalConnection, DescribeRepository). */
export const EXTERNAL_CONNECTIONS: ReadonlyMap<string, string> = new Map(
  [...FORMATS.values()].filter((f) => f.externalConnection).map((f) => [f.externalConnection!, f.name]),
);
