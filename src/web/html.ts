// HTML built by tagged templates that escape every interpolation: a value becomes markup only by being a
// SafeHtml already (made by `html` itself, or by `trusted` for the sanitised readme), so no page can
// forget to escape a name, a version or a readme that someone else published.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Something a template may interpolate: text (escaped), markup, nothing, or a list of those. */
export type Html = SafeHtml | string | number | boolean | null | undefined | readonly Html[];

function render(value: Html): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup that was made safe elsewhere (the sanitiser): the one door around escaping, used in one place. */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);

/** A link to a /ui path with query parameters (undefined and empty values are left out). */
export function href(path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** One path segment, encoded. */
export const seg = (part: string): string => encodeURIComponent(part);
