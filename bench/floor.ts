// The physical floor: a bare node:http server that answers every request with fixed bytes from memory.
// Run as its own process by bench/run.ts, so it has a core to itself just like Quiver.
import { createServer } from 'node:http';

const body = Buffer.from(process.env.FLOOR_BODY ?? '{}');
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'x-amzn-requestid': 'floor' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`FLOOR ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
