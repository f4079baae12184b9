function escapeRegex(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function compile(operation) {
    const [pathTemplate, fixedQuery] = operation.http.requestUri.split('?', 2);
    const labels = [];
    let literalLength = 0;
    let pattern = '';
    for (const part of pathTemplate.split(/(\{[^}]+\})/)) {
        const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
        if (label) {
            labels.push(label[1]);
            pattern += label[2] ? '(.+)' : '([^/]+)';
        }
        else {
            literalLength += part.length;
            pattern += escapeRegex(part);
        }
    }
    const requiredQuery = (fixedQuery ?? '')
        .split('&')
        .filter(Boolean)
        .map((pair) => {
        const [name, value] = pair.split('=', 2);
        return [name, value];
    });
    return {
        operation,
        method: operation.http.method.toUpperCase(),
        labels,
        requiredQuery,
        literalLength,
        regex: new RegExp(`^${pattern}/?$`),
    };
}
export class Router {
    routes;
    constructor(model) {
        this.routes = Object.values(model.operations).map((operation, index) => {
            operation.name ??= Object.keys(model.operations)[index];
            return compile(operation);
        });
        // Most specific first: more fixed query parameters, then more literal characters, then fewer labels.
        this.routes.sort((a, b) => b.requiredQuery.length - a.requiredQuery.length ||
            b.literalLength - a.literalLength ||
            a.labels.length - b.labels.length);
    }
    match(method, rawPath, query) {
        for (const route of this.routes) {
            if (route.method !== method)
                continue;
            const found = route.regex.exec(rawPath);
            if (!found)
                continue;
            if (!route.requiredQuery.every(([name, value]) => query.has(name) && (value === undefined || query.get(name)[0] === value)))
                continue;
            const labels = {};
            try {
                route.labels.forEach((label, i) => {
                    labels[label] = decodeURIComponent(found[i + 1]);
                });
            }
            catch {
                continue;
            }
            return { operation: route.operation, labels };
        }
        return undefined;
    }
}
//# sourceMappingURL=router.js.map