// The push body (learn.microsoft.com/nuget/api/package-publish-resource, "Push a package"): multipart/form-data
// whose first part is the .nupkg; the other parts, the part's name and its file name are ignored (mono nuget
// 2.8.7 names it `package`, dotnet sends one unnamed file). Read here by hand rather than with busboy because
// mono nuget 2.8.7 closes the body with `\n--<boundary>--` — no CR before the delimiter and no CRLF after it
// (OBSERVED) — which a strict RFC 7578 parser rejects as an unterminated form. The body is bounded by the upload
// limit and kept in memory anyway: the package's manifest is read before anything is stored.
import type { IncomingMessage } from 'node:http';
import { invalid } from '../../domain/shared/errors.js';
import { readBody } from '../common/body.js';

function boundaryOf(contentType: string | undefined): string {
  if (typeof contentType !== 'string' || !/^multipart\/form-data\b/i.test(contentType))
    throw invalid('A push is a multipart/form-data PUT whose first part is the .nupkg.');
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) throw invalid('The multipart/form-data Content-Type has no boundary.');
  return boundary;
}

/** The first part's bytes; a 400 when the body is not multipart or has no part. */
export function firstPart(body: Buffer, contentType: string | undefined): Buffer {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const start = body.indexOf(delimiter);
  if (start < 0) throw invalid('The push body has no multipart part: its first part must be the .nupkg file.');
  const headersEnd = body.indexOf('\r\n\r\n', start + delimiter.length);
  if (headersEnd < 0) throw invalid("The push body's first part has no end of headers.");
  const contentStart = headersEnd + 4;
  // The next delimiter, after a line break: CRLF as RFC 7578 writes it, or the bare LF of mono nuget 2.8.7.
  const next = body.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), contentStart);
  if (next < 0) throw invalid("The push body's first part is not terminated by the multipart boundary.");
  const contentEnd = next > contentStart && body[next - 1] === 0x0d ? next - 1 : next;
  if (contentEnd <= contentStart)
    throw invalid('The push has an empty package: its first part must be the .nupkg file.');
  return body.subarray(contentStart, contentEnd);
}

export async function readPushedPackage(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const contentType = request.headers['content-type'];
  boundaryOf(contentType); // refuse a body that is not multipart before reading it
  return firstPart(await readBody(request, maxBytes), contentType);
}
