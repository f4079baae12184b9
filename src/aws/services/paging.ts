// Keyset paging for list handlers: ask the store for one row more than the page to learn whether a next
// page exists, and hand out a token holding the last served row's key.
import type { RequestContext } from '../service.js';

export async function keysetPage<Row, Cursor>(
  context: RequestContext,
  request: { nextToken?: string; maxResults?: number; binding: Record<string, unknown>; defaultSize: number },
  fetch: (after: Cursor | undefined, limit: number) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
): Promise<{ items: Row[]; nextToken?: string }> {
  const after = context.readPageToken<Cursor>(request.nextToken, request.binding);
  const size = request.maxResults ?? request.defaultSize;
  const rows = await fetch(after, size + 1);
  const items = rows.slice(0, size);
  const nextToken =
    rows.length > size ? context.issuePageToken(cursorOf(items[items.length - 1]!), request.binding) : undefined;
  return { items, nextToken };
}
