// The generic restJson1 engine: one request in, one response out, for any vendored service.
//   auth present? → route by (signed service, method, path) → read body → verify SigV4 → throttle →
//   bind + validate by the model → handler → serialise by the model.
// It knows nothing about any one service; adapters register a model, handlers and error names.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { discardBody, isClientAbort } from '../http/discard.js';
import { bindInput, parseQuery, type RawRequest } from './codec.js';
import { AwsError, validationError } from './errors.js';
import { type PageTokens, canonicalBinding } from './pagination.js';
import { serializeError, serializeOutput, type WireResponse } from './response.js';
import { labelRequest } from './request-labels.js';
import { Router } from './router.js';
import type { Authorize } from './authorize.js';
import type { AwsServiceBinding, RequestContext } from './service.js';
import {
  checkPayloadHash,
  preAuthenticate,
  readCredentialScope,
  verifySignature,
  type SecretResolver,
} from './sigv4.js';
import type { Throttle } from './throttle.js';
import { validateStructure } from './validate.js';

export interface EngineOptions {
  services: AwsServiceBinding[];
  resolveSecret: SecretResolver;
  pageTokens: PageTokens;
  throttle: Throttle;
  now: () => Date;
  publicUrl?: string;
  maxBodyBytes: number;
  logError: (requestId: string, error: unknown) => void;
  /** A client that went away mid-request (or was cut off by a body timeout): not a server fault. */
  logClientAbort?: (requestId: string, error: unknown) => void;
  /** Policy evaluation after validation (aws/authorize.ts); absent = every key acts as its account's root. */
  authorize?: Authorize;
}

export interface EngineResponse extends WireResponse {
  requestId: string;
}

interface BoundService {
  binding: AwsServiceBinding;
  router: Router;
}

/**
 * The error an operation's model gives for bad input: the service's usual one when the operation lists it,
 * else the input error it does list (IoT's tag operations have InvalidRequestException, not ValidationException).
 */
export function validationErrorFor(binding: AwsServiceBinding, operation: { errors?: { shape: string }[] }): string {
  const listed = new Set((operation.errors ?? []).map((error) => error.shape));
  if (binding.errorNames.validationEverywhere || listed.has(binding.errorNames.validation) || listed.size === 0)
    return binding.errorNames.validation;
  return (
    [
      'InvalidRequestException',
      'InvalidParameterValueException',
      'InvalidParameterException',
      'ValidationException',
    ].find((name) => listed.has(name)) ?? binding.errorNames.validation
  );
}

function hasStreamingPayload(model: AwsServiceBinding['model'], operation: { input?: { shape: string } }): boolean {
  if (!operation.input) return false;
  const shape = model.shape(operation.input.shape);
  if (!shape.payload) return false;
  return model.shape(shape.members![shape.payload]!.shape).streaming === true;
}

/**
 * The whole body, at most `limit` bytes: past it the answer is a 413, and the rest of the body is left to the
 * engine's discardBody (dropped as it arrives, the connection closed past the bound). Read with listeners rather
 * than `for await`: the async iterator cost ~12 µs per request (issue 23). A client that goes away rejects with
 * its error, a close without an end as a premature close.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (request.destroyed) {
      reject(request.errored ?? prematureClose());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle();
        reject(
          new AwsError('RequestEntityTooLargeException', `The request body is larger than ${limit} bytes.`, {}, 413),
        );
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onClose = () => {
      settle();
      reject(prematureClose());
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

export class AwsEngine {
  private readonly services = new Map<string, BoundService>();

  constructor(private readonly options: EngineOptions) {
    for (const binding of options.services) {
      this.services.set(binding.model.signingName, { binding, router: new Router(binding.model) });
    }
  }

  /** `requestId` is the HTTP layer's id when it has one, so logs and `x-amzn-RequestId` name a request alike. */
  async handle(request: IncomingMessage, requestId: string = randomUUID()): Promise<EngineResponse> {
    let service: BoundService | undefined;
    try {
      const url = request.url ?? '/';
      const queryStart = url.indexOf('?');
      const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
      let query: Map<string, string[]>;
      try {
        query = parseQuery(queryStart === -1 ? '' : url.slice(queryStart + 1));
      } catch {
        throw validationError(['The query string is not valid percent-encoding'], 'CANNOT_PARSE');
      }
      const headers = request.headers;
      if (!headers.authorization && !query.has('X-Amz-Algorithm')) {
        throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', {}, 403);
      }
      // Before any body byte is read (QA H1): a malformed signature, a bad date or an unknown key is a 403 now,
      // and the body is discarded unread (the connection closes).
      const scope = readCredentialScope({ headers, query });
      service = scope ? this.services.get(scope.service) : undefined;
      const pre = await preAuthenticate({ headers, query }, this.options.resolveSecret, this.options.now());
      const method = (request.method ?? 'GET').toUpperCase();
      const route = service?.router.match(method, rawPath, query);
      if (service) labelRequest(request, service.binding.model.signingName, route?.operation.name);

      // A streaming blob payload (PublishPackageVersion) is not buffered: the signature covers the signed
      // x-amz-content-sha256, and the handler's blob store checks the bytes against it while storing them.
      const streaming =
        service !== undefined && route !== undefined && hasStreamingPayload(service.binding.model, route.operation);
      if (streaming && !pre.payloadHashSigned) {
        throw new AwsError(
          'InvalidSignatureException',
          "This operation streams its body: sign it with x-amz-content-sha256 set to the body's SHA-256.",
          {},
          403,
        );
      }
      // With a signed payload hash the signature is checked first and only an authenticated body is read; without
      // one the body is part of the signature, so it is read (bounded by maxBodyBytes, for a known key only) first.
      let body = streaming || pre.payloadHashSigned ? undefined : await readBody(request, this.options.maxBodyBytes);
      const caller = verifySignature(pre, { method, rawPath, query, headers, body });
      if (!streaming && body === undefined) {
        body = await readBody(request, this.options.maxBodyBytes);
        checkPayloadHash(headers, body);
      }
      if (streaming && !caller.pendingPayloadSha256) {
        throw new AwsError(
          'InvalidSignatureException',
          "This operation streams its body: sign it with x-amz-content-sha256 set to the body's SHA-256.",
          {},
          403,
        );
      }
      const raw: RawRequest = { method, rawPath, query, headers, body: body ?? request };

      if (!service) {
        throw new AwsError(
          'UnknownOperationException',
          `Quiver does not serve the AWS service '${caller.service}'; it serves ${[...this.services.keys()].join(', ')}.`,
          {},
          404,
        );
      }
      if (!route) {
        if (!decodes(rawPath))
          throw new AwsError(
            service.binding.errorNames.validation,
            `The request path is not valid percent-encoding: ${rawPath.slice(0, 256)}`,
            { reason: 'CANNOT_PARSE' },
          );
        throw new AwsError(
          'UnknownOperationException',
          `No ${caller.service} operation matches ${method} ${rawPath}.`,
          {},
          404,
        );
      }
      const { binding } = service;
      const operationName = route.operation.name;

      const throttled = this.options.throttle.take(caller.accessKeyId, this.options.now().getTime());
      if (!throttled.allowed) {
        throw new AwsError(
          binding.errorNames.throttling,
          'Rate exceeded',
          { retryAfterSeconds: throttled.retryAfterSeconds },
          429,
        );
      }

      const { input, problems } = bindInput(binding.model, route.operation, raw, route.labels);
      if (problems.problems.length === 0 && route.operation.input) {
        validateStructure(
          binding.model,
          binding.model.shape(route.operation.input.shape),
          input,
          '',
          problems.problems,
        );
      }
      if (problems.problems.length > 0) {
        const error = validationError(
          problems.problems,
          problems.cannotParse ? 'CANNOT_PARSE' : 'FIELD_VALIDATION_FAILED',
        );
        throw new AwsError(validationErrorFor(binding, route.operation), error.message, error.fields);
      }

      const authorized = await this.options.authorize?.({
        ...caller,
        binding,
        operation: operationName,
        input,
        requestId,
        sourceIp: request.socket?.remoteAddress,
        now: this.options.now(),
      });

      const handler = binding.handlers[operationName];
      if (!handler) {
        throw new AwsError(
          'NotImplementedException',
          `Quiver does not implement ${caller.service}:${operationName} yet.`,
          {},
          501,
        );
      }
      const scopeOf = (params: Record<string, unknown>) =>
        `${caller.service}:${operationName}:${caller.accountId}:${caller.region}:${canonicalBinding(params)}`;
      const context: RequestContext = {
        requestId,
        accountId: caller.accountId,
        accessKeyId: caller.accessKeyId,
        region: caller.region,
        service: caller.service,
        operation: operationName,
        principal: authorized?.principal,
        authorizedAccounts: authorized?.authorizedAccounts,
        now: this.options.now(),
        baseUrl: this.options.publicUrl ?? `http://${headers.host ?? 'localhost'}`,
        readPageToken: <T>(token: string | undefined, params: Record<string, unknown>) =>
          token === undefined
            ? undefined
            : (this.options.pageTokens.read(scopeOf(params), token, binding.errorNames.pagination, 'nextToken') as T),
        issuePageToken: (cursor, params) => this.options.pageTokens.issue(scopeOf(params), cursor),
      };
      let output: unknown;
      try {
        // The one place the input's type is asserted: it was bound and validated by this operation's model.
        output = await handler(input as never, context);
      } catch (error) {
        throw binding.mapError?.(error, route.operation) ?? error;
      }
      return { requestId, ...serializeOutput(binding.model, route.operation, output) };
    } catch (error) {
      // Whatever was not read of the body is dropped as it arrives, never kept (QA H1); past maxBodyBytes the
      // connection is closed. The body timeouts (src/http/timeouts.ts) bound a client that stops sending.
      discardBody(request, this.options.maxBodyBytes);
      if (error instanceof AwsError) {
        return { requestId, ...serializeError(service?.binding.model, error) };
      }
      if (request.destroyed || isClientAbort(error)) this.options.logClientAbort?.(requestId, error);
      else this.options.logError(requestId, error);
      const internal = new AwsError(
        service?.binding.errorNames.internal ?? 'InternalServerException',
        `An internal error occurred (request id ${requestId}).`,
        {},
        500,
      );
      return { requestId, ...serializeError(service?.binding.model, internal) };
    }
  }
}
