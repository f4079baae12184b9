// The page frame every /ui page shares: head, the top bar with the catalogs and the search box, the
// signed-in identity with sign-out, breadcrumbs, and a main landmark. Plus the small pieces pages reuse.
import { assetUrl } from './assets.js';
import { html, type Html, type SafeHtml } from './html.js';
import type { SignedInSession } from './session.js';

export interface PageOptions {
  title: string;
  session?: SignedInSession;
  crumbs?: { label: string; href?: string }[];
  /** Which top-bar entry is the current section. */
  section?: 'codeartifact' | 'iot' | 'panorama' | 'images' | 'search';
  notice?: string;
  query?: string;
}

const nav = (current: PageOptions['section']) => {
  const item = (id: PageOptions['section'], label: string, path: string) =>
    html`<li><a href="${path}"${current === id ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<ul class="sections">
    ${item('codeartifact', 'Domains', '/ui/domains')}${item('iot', 'IoT packages', '/ui/iot')}${item('panorama', 'Panorama', '/ui/panorama')}${item('images', 'Images', '/ui/images')}
  </ul>`;
};

export function page(options: PageOptions, body: Html): string {
  const { session } = options;
  const crumbs = options.crumbs ?? [];
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Quiver</title>
<link rel="stylesheet" href="${assetUrl('ui.css')}">
<script src="${assetUrl('ui.js')}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/ui/">Quiver</a>
  ${
    session
      ? html`<nav aria-label="Catalogs">${nav(options.section)}</nav>
  <form class="search" role="search" action="/ui/search" method="get">
    <label for="global-search" class="visually-hidden">Search packages</label>
    <input id="global-search" type="search" name="q" placeholder="Search packages" value="${options.query ?? ''}" autocomplete="off">
    <button type="submit">Search</button>
  </form>
  <form class="who" action="/ui/sign-out" method="post">
    <span title="Signed in as, account and region">${session.actor.userName ? `${session.actor.userName} · ` : ''}${session.caller.accountId} · ${session.caller.region}</span>
    <input type="hidden" name="_csrf" value="${session.csrfToken}">
    <button type="submit">Sign out</button>
  </form>`
      : ''
  }
</header>
${
  crumbs.length > 1
    ? html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${crumbs.map((c, i) =>
        c.href && i < crumbs.length - 1
          ? html`<li><a href="${c.href}">${c.label}</a></li>`
          : html`<li aria-current="page">${c.label}</li>`,
      )}</ol></nav>`
    : ''
}
<main id="main" tabindex="-1">
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${body}
</main>
</body>
</html>`}`;
}

export type Status = string;

/** A coloured badge with its text, so colour is never the only signal. */
export const badge = (status: Status) => html`<span class="badge badge-${status.toLowerCase()}">${status}</span>`;

export const time = (epochMs: number | undefined) => {
  if (epochMs === undefined) return html`<span class="muted">—</span>`;
  const iso = new Date(epochMs).toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
};

/** The day only, for dense tables (the full time is the element's title). */
export const date = (epochMs: number) => {
  const iso = new Date(epochMs).toISOString();
  return html`<time datetime="${iso}" title="${`${iso.slice(0, 16).replace('T', ' ')} UTC`}">${iso.slice(0, 10)}</time>`;
};

export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "Next page" for keyset paging: there is no page count to show, only a way on (and back to the start). */
export function pager(next: string | undefined, first: string | undefined): SafeHtml {
  if (!next && !first) return html``;
  return html`<nav class="pager" aria-label="Pages">
    ${first ? html`<a href="${first}">First page</a>` : ''}
    ${next ? html`<a href="${next}" rel="next">Next page</a>` : ''}
  </nav>`;
}

export const empty = (text: string) => html`<p class="empty">${text}</p>`;

/** A block of text with a copy button (the button is added by ui.js; without script the text stays selectable). */
export const copyBlock = (label: string, text: string) =>
  html`<figure class="copy"><figcaption>${label}</figcaption><pre><code>${text}</code></pre></figure>`;
