// The simple repository API's project page (PEP 503 HTML, PEP 691 JSON at API version 1.1 — PEP 700's
// `versions`, `size`, `upload-time`), with PEP 592 yanks and PEP 658/714 core-metadata hashes.
import { SIMPLE_JSON, type SimpleForm } from './negotiate.js';

export interface SimpleFile {
  filename: string;
  /** Absolute URL of the file, without the hash fragment. */
  url: string;
  sha256: string;
  size: number;
  uploadedAt: number;
  requiresPython?: string;
  /** A yank reason (`""` = yanked without one); undefined = not yanked. */
  yanked?: string;
  /** sha256 of the `<url>.metadata` file, when there is one (wheels). */
  coreMetadataSha256?: string;
}

export interface SimpleProject {
  /** The normalised name. */
  name: string;
  versions: string[];
  files: SimpleFile[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `2026-12-01T11:53:25.000000Z`: PEP 700's upload-time form (microseconds). */
const uploadTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export function projectHtml(project: SimpleProject): string {
  const links = project.files.map((file) => {
    const attributes = [`href="${escapeHtml(`${file.url}#sha256=${file.sha256}`)}"`];
    if (file.requiresPython) attributes.push(`data-requires-python="${escapeHtml(file.requiresPython)}"`);
    if (file.coreMetadataSha256) {
      attributes.push(`data-core-metadata="sha256=${file.coreMetadataSha256}"`);
      attributes.push(`data-dist-info-metadata="sha256=${file.coreMetadataSha256}"`);
    }
    if (file.yanked !== undefined)
      attributes.push(file.yanked === '' ? 'data-yanked' : `data-yanked="${escapeHtml(file.yanked)}"`);
    return `    <a ${attributes.join(' ')}>${escapeHtml(file.filename)}</a><br />`;
  });
  const name = escapeHtml(project.name);
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    '    <meta name="pypi:repository-version" content="1.1">',
    `    <title>Links for ${name}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>Links for ${name}</h1>`,
    ...links,
    '  </body>',
    '</html>',
    '',
  ].join('\n');
}

export function projectJson(project: SimpleProject): string {
  return JSON.stringify({
    meta: { 'api-version': '1.1' },
    name: project.name,
    versions: project.versions,
    files: project.files.map((file) => ({
      filename: file.filename,
      url: file.url,
      hashes: { sha256: file.sha256 },
      ...(file.requiresPython ? { 'requires-python': file.requiresPython } : {}),
      'core-metadata': file.coreMetadataSha256 ? { sha256: file.coreMetadataSha256 } : false,
      'dist-info-metadata': file.coreMetadataSha256 ? { sha256: file.coreMetadataSha256 } : false,
      yanked: file.yanked === undefined ? false : file.yanked === '' ? true : file.yanked,
      size: file.size,
      'upload-time': uploadTime(file.uploadedAt),
    })),
  });
}

export function renderProject(project: SimpleProject, form: SimpleForm): string {
  return form === SIMPLE_JSON ? projectJson(project) : projectHtml(project);
}
