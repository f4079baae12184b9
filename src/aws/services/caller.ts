// The domain's view of who is calling, from the engine's request context (account from the access key,
// region from the signature scope, principal and cross-account reach from policy evaluation). Shared by
// every service adapter.
import type { RequestContext } from '../service.js';
import type { Caller } from '../../domain/shared/caller.js';

export const callerOf = (context: RequestContext): Caller => ({
  accountId: context.accountId,
  region: context.region,
  accessKeyId: context.accessKeyId,
  ...(context.principal ? { principalArn: context.principal.arn, userName: context.principal.userName } : {}),
  ...(context.authorizedAccounts?.length ? { authorizedAccounts: context.authorizedAccounts } : {}),
});
