// The simple index behind the `public:pypi` external connection: pypi.org by default, or any PEP 691 index
// (QUIVER_PYPI_URL — another Quiver, a devpi, a mirror; `https://user:password@host/…` credentials are sent as
// Basic auth, since fetch refuses URLs that carry them). Only the JSON form is asked for.
import type { ExternalPypiFile, ExternalPypiIndex } from '../../domain/codeartifact/pypi.js';
import { SIMPLE_JSON } from './negotiate.js';
import { externalOrigin } from '../common/external-fetch.js';

interface Pep691File {
  filename: string;
  url: string;
  hashes?: Record<string, string>;
  'requires-python'?: string;
  'core-metadata'?: boolean | Record<string, string>;
  'dist-info-metadata'?: boolean | Record<string, string>;
  yanked?: boolean | string;
  size?: number;
  'upload-time'?: string;
}

export function httpPypiIndex(indexUrl: string): ExternalPypiIndex {
  const external = externalOrigin(indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`);
  const base = external.base;
  return {
    async project(name) {
      const target = `${base}${encodeURIComponent(name)}/`;
      const response = await external.get(target, { accept: SIMPLE_JSON });
      if (response.status === 404) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The external index answered ${response.status} for ${name}.`);
      const page = (await response.json()) as { files?: Pep691File[] };
      return (page.files ?? []).map((file): ExternalPypiFile => {
        const metadata = file['core-metadata'] ?? file['dist-info-metadata'];
        return {
          filename: file.filename,
          url: new URL(file.url, target).toString(),
          sha256: file.hashes?.sha256,
          size: file.size,
          requiresPython: file['requires-python'],
          yanked: file.yanked === true ? '' : file.yanked || undefined,
          coreMetadataSha256: typeof metadata === 'object' ? metadata.sha256 : undefined,
          uploadedAt: file['upload-time'] ? Date.parse(file['upload-time']) : undefined,
        };
      });
    },
    async download(target) {
      const response = await external.get(target);
      if (!response.ok) throw new Error(`The external index answered ${response.status} for ${target}.`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
