// The floor of a static registry: a bare node:http server answering files of a directory tree from memory
// (`<dir>/simple/<project>/index.html` for `/simple/<project>/`), as a CDN or `python -m http.server` over a
// PEP 503 tree would. Run as its own process, like floor.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative } from 'node:path';

const root = process.env.STATIC_ROOT!;
const files = new Map<string, Buffer>();
for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
  try {
    files.set(`/${relative(root, join(root, entry))}`, readFileSync(join(root, entry)));
  } catch {
    // a directory
  }
}
const server = createServer((req, res) => {
  req.resume();
  const path = decodeURIComponent((req.url ?? '/').split('?', 1)[0]!);
  const body = files.get(path.endsWith('/') ? `${path}index.html` : path);
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  const type = path.endsWith('/') ? 'text/html' : 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.STATIC_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`STATIC ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
