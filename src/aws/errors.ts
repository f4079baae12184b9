// The AWS error the engine puts on the wire. Handlers and the engine throw AwsError with the modelled
// error name; the envelope (status, x-amzn-ErrorType, JSON body, header members) is built from the
// service model's error shape in response.ts, so statuses never drift from the model.
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Modelled members of the error shape besides the message (e.g. resourceId, retryAfterSeconds). */
    readonly fields: Record<string, unknown> = {},
    /** Used only when the service model has no shape of this name (engine-level errors). */
    readonly fallbackStatus = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** How many problems one message lists, and how much of each offending value it quotes (QA L1), as AWS bounds them. */
export const MAX_LISTED_PROBLEMS = 10;
export const MAX_QUOTED_CHARS = 256;

/** AWS's style: `1 validation error detected: Value 'x' at 'domain' failed to satisfy constraint: ...`. */
export function validationMessage(problems: string[]): string {
  const count = problems.length;
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = count > MAX_LISTED_PROBLEMS ? `; and ${count - MAX_LISTED_PROBLEMS} more` : '';
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${listed}${more}`;
}

export function validationError(problems: string[], reason = 'FIELD_VALIDATION_FAILED'): AwsError {
  return new AwsError('ValidationException', validationMessage(problems), { reason });
}

/**
 * A JSON-like rendering of a value that stops at `budget` characters: it never serialises more than it quotes,
 * however large or deep the value (QA M1, L1).
 */
function preview(value: unknown, budget: number, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
  if (typeof value !== 'object') return String(value);
  if (Buffer.isBuffer(value)) return '<blob>';
  if (depth >= 10) return '…';
  const array = Array.isArray(value);
  const parts: string[] = [];
  let used = 2;
  for (const [key, item] of array ? value.entries() : Object.entries(value as Record<string, unknown>)) {
    if (used >= budget) {
      parts.push('…');
      break;
    }
    const text =
      (array ? '' : `${JSON.stringify(String(key).slice(0, budget))}:`) + preview(item, budget - used, depth + 1);
    parts.push(text);
    used += text.length + 1;
  }
  return array ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

function bounded(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${bounded(value)}'`;
  if (typeof value === 'object') return `'${bounded(preview(value, MAX_QUOTED_CHARS))}'`;
  return `'${bounded(String(value))}'`;
}
