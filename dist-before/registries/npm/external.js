const TIMEOUT_MS = 30_000;
export function httpNpmRegistry(baseUrl, token) {
    const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    const headers = (url) => token && url.startsWith(base) ? { authorization: `Bearer ${token}` } : {};
    return {
        async packument(name) {
            // A scoped name travels as @scope%2fname, as npm itself requests it.
            const url = `${base}${name.startsWith('@') ? name.replace('/', '%2f') : encodeURIComponent(name)}`;
            const response = await fetch(url, {
                headers: { accept: 'application/json', ...headers(url) },
                signal: AbortSignal.timeout(TIMEOUT_MS),
            });
            if (response.status === 404) {
                await response.arrayBuffer();
                return undefined;
            }
            if (!response.ok)
                throw new Error(`The external registry answered ${response.status} for ${name}.`);
            return (await response.json());
        },
        async tarball(url) {
            const response = await fetch(url, { headers: headers(url), signal: AbortSignal.timeout(TIMEOUT_MS) });
            if (!response.ok)
                throw new Error(`The external registry answered ${response.status} for ${url}.`);
            return Buffer.from(await response.arrayBuffer());
        },
    };
}
//# sourceMappingURL=external.js.map