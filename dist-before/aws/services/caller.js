export const callerOf = (context) => ({
    accountId: context.accountId,
    region: context.region,
    accessKeyId: context.accessKeyId,
});
//# sourceMappingURL=caller.js.map