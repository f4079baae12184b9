export async function keysetPage(context, request, fetch, cursorOf) {
    const after = context.readPageToken(request.nextToken, request.binding);
    const size = request.maxResults ?? request.defaultSize;
    const rows = await fetch(after, size + 1);
    const items = rows.slice(0, size);
    const nextToken = rows.length > size ? context.issuePageToken(cursorOf(items[items.length - 1]), request.binding) : undefined;
    return { items, nextToken };
}
//# sourceMappingURL=paging.js.map