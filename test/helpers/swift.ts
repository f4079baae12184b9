// Swift Package Registry requests as SwiftPM makes them (there is no Swift toolchain here): source archives built
// with fflate in the layouts `swift package archive-source` and `zip -r` produce, and publish bodies framed the
// way SwiftPM's RegistryClient frames them (parts with a name and no filename, Content-Transfer-Encoding binary).
import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';

export const SWIFT_JSON = 'application/vnd.swift.registry.v1+json';
export const SWIFT_ZIP = 'application/vnd.swift.registry.v1+zip';
export const SWIFT_MANIFEST = 'application/vnd.swift.registry.v1+swift';

export const manifestText = (name: string, tools = '5.7') =>
  `// swift-tools-version:${tools}\nimport PackageDescription\n\nlet package = Package(\n    name: "${name}",\n` +
  `    products: [.library(name: "${name}", targets: ["${name}"])],\n    targets: [.target(name: "${name}")]\n)\n`;

/** A zip of `files`, under `top/` when given (archive-source puts everything under the package's directory). */
export function sourceArchive(files: Record<string, string>, top?: string): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, text] of Object.entries(files)) entries[top ? `${top}/${path}` : path] = Buffer.from(text);
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/** The archive of a minimal package named `name` (a distinct source file per call, so checksums differ). */
export const packageArchive = (name: string, extra: Record<string, string> = {}) =>
  sourceArchive(
    {
      'Package.swift': manifestText(name),
      [`Sources/${name}/${name}.swift`]: `public let build = "${randomBytes(6).toString('hex')}"\n`,
      ...extra,
    },
    name,
  );

export interface Part {
  name: string;
  contentType: string;
  body: Buffer | string;
  transferEncoding?: string;
}

/** A multipart/form-data body as SwiftPM writes it. */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `swiftpm-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n` +
          `Content-Type: ${part.contentType}\r\nContent-Transfer-Encoding: ${part.transferEncoding ?? 'binary'}\r\n\r\n`,
      ),
      Buffer.from(part.body),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data;boundary="${boundary}"` };
}

export const archivePart = (archive: Buffer): Part => ({
  name: 'source-archive',
  contentType: 'application/zip',
  body: archive,
});
export const metadataPart = (metadata: unknown): Part => ({
  name: 'metadata',
  contentType: 'application/json',
  body: typeof metadata === 'string' ? metadata : JSON.stringify(metadata),
});
