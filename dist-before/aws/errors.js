// The AWS error the engine puts on the wire. Handlers and the engine throw AwsError with the modelled
// error name; the envelope (status, x-amzn-ErrorType, JSON body, header members) is built from the
// service model's error shape in response.ts, so statuses never drift from the model.
export class AwsError extends Error {
    code;
    fields;
    fallbackStatus;
    constructor(code, message, 
    /** Modelled members of the error shape besides the message (e.g. resourceId, retryAfterSeconds). */
    fields = {}, 
    /** Used only when the service model has no shape of this name (engine-level errors). */
    fallbackStatus = 400) {
        super(message);
        this.code = code;
        this.fields = fields;
        this.fallbackStatus = fallbackStatus;
        this.name = code;
    }
}
/** AWS's style: `1 validation error detected: Value 'x' at 'domain' failed to satisfy constraint: ...`. */
export function validationMessage(problems) {
    const count = problems.length;
    return `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}
export function validationError(problems, reason = 'FIELD_VALIDATION_FAILED') {
    return new AwsError('ValidationException', validationMessage(problems), { reason });
}
export function describeValue(value) {
    if (value === undefined || value === null)
        return 'null';
    if (typeof value === 'string')
        return `'${value}'`;
    if (typeof value === 'object')
        return `'${JSON.stringify(value)}'`;
    return `'${String(value)}'`;
}
//# sourceMappingURL=errors.js.map