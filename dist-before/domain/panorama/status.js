/** Gone: its deregistration finished. Such rows are purged by the next write to the package. */
export const isGone = (record, now, timing) => record.deregisteredAt !== undefined && now >= record.deregisteredAt + timing.deregistrationMs;
export function statusOf(record, now, timing) {
    if (record.deregisteredAt !== undefined)
        return 'DELETING';
    if (now < record.registeredAt + timing.registrationMs)
        return 'REGISTER_PENDING';
    return record.failure ? 'FAILED' : 'REGISTER_COMPLETED';
}
//# sourceMappingURL=status.js.map