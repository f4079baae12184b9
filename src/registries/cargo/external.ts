// The sparse index behind the `public:crates-io` external connection: index.crates.io by default, or any
// sparse index (QUIVER_CRATES_URL — another Quiver's cargo endpoint, a mirror; `https://user:password@host/…`
// credentials are sent as Basic auth to that origin only, since fetch refuses URLs that carry them). Its
// config.json is read once for the `dl` template.
import type { ExternalCargoIndex } from '../../domain/codeartifact/cargo.js';
import { type IndexLine, parseIndexLine } from '../../domain/codeartifact/cargo/index-lines.js';
import { crateKey, indexPath } from '../../domain/codeartifact/cargo/names.js';
import { externalOrigin } from '../common/external-fetch.js';

/** A `dl` template expanded as cargo expands it (registry-index.md, "config.json"). */
export function downloadUrl(dl: string, name: string, version: string, cksum: string): string {
  if (!/\{(crate|version|prefix|lowerprefix|sha256-checksum)\}/.test(dl))
    return `${dl.replace(/\/+$/, '')}/${name}/${version}/download`;
  const prefix = indexPath(name).split('/').slice(0, -1).join('/');
  return dl
    .replace(/\{crate\}/g, name)
    .replace(/\{version\}/g, version)
    .replace(/\{prefix\}/g, prefix)
    .replace(/\{lowerprefix\}/g, prefix.toLowerCase())
    .replace(/\{sha256-checksum\}/g, cksum);
}

export function httpCargoIndex(indexUrl: string): ExternalCargoIndex {
  const external = externalOrigin(indexUrl.replace(/^sparse\+/, '').replace(/\/*$/, '/'));
  const base = external.base;
  const get = (target: string) => external.get(target, { 'user-agent': 'quiver' });
  let dl: Promise<string> | undefined;
  const dlTemplate = () => {
    dl ??= (async () => {
      const response = await get(`${base}config.json`);
      if (!response.ok) throw new Error(`The external index answered ${response.status} for config.json.`);
      const config = (await response.json()) as { dl?: unknown };
      if (typeof config.dl !== 'string') throw new Error('The external index config.json has no dl.');
      return config.dl;
    })().catch((error: unknown) => {
      dl = undefined; // ask again next time
      throw error;
    });
    return dl;
  };
  return {
    async lines(name): Promise<IndexLine[] | undefined> {
      const response = await get(`${base}${indexPath(crateKey(name))}`);
      if (response.status === 404 || response.status === 410 || response.status === 451) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw new Error(`The external index answered ${response.status} for ${name}.`);
      return (await response.text())
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map(parseIndexLine)
        .filter((line): line is IndexLine => line !== undefined);
    },
    async download(name, version, cksum) {
      const target = new URL(downloadUrl(await dlTemplate(), name, version, cksum), base).toString();
      const response = await get(target);
      if (!response.ok) throw new Error(`The external registry answered ${response.status} for ${target}.`);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
