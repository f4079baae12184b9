export const DEFAULT_ERROR_NAMES = {
    validation: 'ValidationException',
    throttling: 'ThrottlingException',
    pagination: 'ValidationException',
    internal: 'InternalServerException',
    accessDenied: 'AccessDeniedException',
};
/** The first of `candidates` that the operation's model lists among its errors (else the first candidate). */
export function modelledError(operation, candidates) {
    const listed = new Set((operation.errors ?? []).map((error) => error.shape));
    return candidates.find((name) => listed.has(name)) ?? candidates[0];
}
//# sourceMappingURL=service.js.map