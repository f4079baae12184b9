// What a service adapter hands the engine: its model, its handlers, and the names its model gives to the
// engine-level errors (Image Builder, for one, has no ValidationException).
import type { Permission } from '../domain/identity/authorizer.js';
import type { Operation, ServiceModel } from './model.js';

export interface RequestContext {
  requestId: string;
  accountId: string;
  accessKeyId: string;
  region: string;
  service: string;
  operation: string;
  /** Who the request acts as (the account root or one of its users), once authorized. */
  principal?: { arn: string; userName?: string };
  /** Other accounts whose resources the policies allowed this request to address. */
  authorizedAccounts?: string[];
  now: Date;
  /** Quiver's own base URL as this client reaches it (QUIVER_PUBLIC_URL, else the Host header). */
  baseUrl: string;
  /** The cursor in `token`, checked against this request's parameters; undefined when there is no token. */
  readPageToken<T>(token: string | undefined, binding: Record<string, unknown>): T | undefined;
  issuePageToken(cursor: unknown, binding: Record<string, unknown>): string;
}

export type OperationHandler<Input, Output> = (input: Input, context: RequestContext) => Promise<Output>;

/** An operation's input and output, as src/aws/models/<service>/types.ts declares them in `Operations`. */
export type OperationTypes<Ops> = Record<keyof Ops, { input: unknown; output: unknown }>;

/**
 * A service's handlers, each typed by its operation in the model; an operation without one answers
 * NotImplemented. TypeScript checks a returned object literal for members the output does not have only
 * when the handler declares its return type, so handlers write `: Promise<XResult>` (docs/CONTRIBUTING.md).
 */
export type OperationHandlers<Ops extends OperationTypes<Ops>> = {
  [K in keyof Ops]?: OperationHandler<Ops[K]['input'], Ops[K]['output']>;
};

/**
 * The operations as the engine sees them, by name only. `never` as the input lets every typed handler in:
 * the engine has bound and validated the input against the same model the handler's type was generated from.
 */
type AnyOperations = Record<string, { input: never; output: unknown }>;

export interface ServiceErrorNames {
  validation: string;
  throttling: string;
  pagination: string;
  internal: string;
  accessDenied: string;
  /** Use `validation` for bad input even where an operation's model lists another input error (Image Builder). */
  validationEverywhere?: boolean;
}

export interface AwsServiceBinding<Ops extends OperationTypes<Ops> = AnyOperations> {
  model: ServiceModel;
  handlers: OperationHandlers<Ops>;
  errorNames: ServiceErrorNames;
  /** Maps a domain error (NotFound, Conflict, ...) to this service's modelled error; undefined = rethrow. */
  mapError?: (error: unknown, operation: Operation) => Error | undefined;
  /** What an operation needs (IAM actions on resource ARNs, from its input); default `<service>:<Op>` on `*`. */
  permissions?: (
    operation: string,
    input: Record<string, unknown>,
    caller: { accountId: string; region: string },
  ) => Permission[];
}

export const DEFAULT_ERROR_NAMES: ServiceErrorNames = {
  validation: 'ValidationException',
  throttling: 'ThrottlingException',
  pagination: 'ValidationException',
  internal: 'InternalServerException',
  accessDenied: 'AccessDeniedException',
};

/** The first of `candidates` that the operation's model lists among its errors (else the first candidate). */
export function modelledError(operation: Operation, candidates: string[]): string {
  const listed = new Set((operation.errors ?? []).map((error) => error.shape));
  return candidates.find((name) => listed.has(name)) ?? candidates[0]!;
}
