// Readmes are written by whoever published the package, so they are untrusted: markdown is rendered by
// `marked` (raw HTML in it passes through marked untouched) and the result goes through `sanitize-html`
// with a strict allow-list — no script, style, iframe, form or event attribute, links only to http(s),
// mailto or in-page anchors, images only from http(s). Scripts in a readme therefore render inert.
// Both libraries are loaded on the first readme, not at start-up: sanitize-html (with postcss) costs about
// 300 ms and 16 MB to import, which an instance nobody browses should not pay.
import type sanitizeHtml from 'sanitize-html';
import { trusted, type SafeHtml } from './html.js';

const allowList = (sanitize: typeof sanitizeHtml): sanitizeHtml.IOptions => ({
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'em',
    'strong',
    'b',
    'i',
    's',
    'del',
    'ins',
    'sub',
    'sup',
    'mark',
    'small',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'details',
    'summary',
    'span',
    'div',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'name', 'id', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    code: ['class'],
    h1: ['id'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // Dropped with their content: what would run or restyle the page.
  nonTextTags: ['script', 'style', 'textarea', 'noscript', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    // Links out of a readme must not get the opener or pass on our URL.
    a: sanitize.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    // The readme sits under the page's h1 and the version's h2 and h3: its headings start at h4.
    h1: 'h4',
    h2: 'h5',
    h3: 'h6',
    h4: 'h6',
    h5: 'h6',
  },
});

let renderer: Promise<(markdown: string) => string> | undefined;

async function loadRenderer(): Promise<(markdown: string) => string> {
  const [{ Marked }, { default: sanitize }] = await Promise.all([import('marked'), import('sanitize-html')]);
  const markdown = new Marked({ gfm: true, async: false });
  const options = allowList(sanitize);
  return (text) => sanitize(markdown.parse(text) as string, options);
}

/** A readme as safe markup. Larger than 512 KiB is cut: a page must stay quick to render. */
export async function renderReadme(text: string): Promise<SafeHtml> {
  renderer ??= loadRenderer();
  const source = text.length > 512 * 1024 ? `${text.slice(0, 512 * 1024)}\n\n…` : text;
  return trusted((await renderer)(source));
}
