// The physical floor: a bare node:http server that answers every request with fixed bytes from memory.
// Run as its own process, so it has a core to itself just like the servers it is compared with.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.FLOOR_BODY_FILE!);
const contentType = process.env.FLOOR_CONTENT_TYPE ?? 'application/json';
// Set when the body is already gzip (the floor of a gzipped packument answers the same compressed bytes).
const encoding = process.env.FLOOR_CONTENT_ENCODING ? { 'content-encoding': process.env.FLOOR_CONTENT_ENCODING } : {};
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': body.length,
      'x-amzn-requestid': 'floor',
      ...encoding,
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`FLOOR ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
