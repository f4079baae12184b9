// Who may do what, asked on every request (AWS API and package managers alike): resolves an access key to
// its principal, loads and compiles the policies that apply, and evaluates them (policy/evaluate.ts).
//
// Caching: compiled identity and resource policies (and key → principal) are kept per instance and are valid
// for one value of the Store's access change counter (`access_changes.seq`, moved in the same transaction as
// every change to users, keys and policies). Each request reads that one integer: a change made by any
// instance — or by `quiver policies attach` straight against the database — takes effect on the very next
// request everywhere, with no staleness window, for the cost of one primary-key read. (A TTL would save that
// read but let a revoked permission work for the TTL on every instance.)
import type { AccessTx, Store } from '../../store/store.js';
import { accessDenied } from '../shared/errors.js';
import type { RequestContextKeys } from './policy/conditions.js';
import { type CompiledPolicy, compilePolicy } from './policy/document.js';
import { type AuthorizationQuestion, denialMessage, evaluate, type ResourcePolicy } from './policy/evaluate.js';
import { rootArn, userArn } from './users.js';

/** Who a request acts as: an account's root or one of its users. */
export interface Principal {
  arn: string;
  accountId: string;
  userName?: string;
  /** The user's unique id (AIDA…); absent for the root, whose `aws:userid` is its account id. */
  userId?: string;
  isRoot: boolean;
}

/** One thing a request needs: an action on a resource, with the condition keys only it offers. */
export interface Permission {
  action: string;
  resourceArn: string;
  keys?: RequestContextKeys;
}

export interface RequestFacts {
  principal: Principal;
  region: string;
  sourceIp?: string;
  now: number;
}

export interface Denial {
  action: string;
  resourceArn: string;
  message: string;
}

/** Where a resource's policies are attached: itself and/or its parents (for CodeArtifact: repository, domain). */
export type PolicyAttachments = (resourceArn: string) => { attachedTo: string; covers?: (arn: string) => boolean }[];

/** The maximum size of a resource policy document (the models' PolicyDocument max, 7168). */
const RESOURCE_POLICY_MAX_CHARS = 7168;

interface Generation {
  readonly seq: number;
  principals: Map<string, Promise<Principal | undefined>>;
  identity: Map<string, Promise<CompiledPolicy[]>>;
  resource: Map<string, Promise<CompiledPolicy | undefined>>;
}

const newGeneration = (seq: number): Generation => ({
  seq,
  principals: new Map(),
  identity: new Map(),
  resource: new Map(),
});

/**
 * One read of the access change counter, for one request: its principal lookup and its policy checks then
 * answer from the same generation, so the request pays one read of the counter, not one per question. Taken
 * when the request starts, so every change committed before it is seen. Never keep one beyond a request.
 */
export interface AccessView {
  readonly generation: Generation;
}

/** The account's root principal (every key not bound to a user). */
export const rootPrincipal = (accountId: string): Principal => ({ arn: rootArn(accountId), accountId, isRoot: true });

export class Authorizer {
  private generation = newGeneration(-1);

  constructor(
    private readonly store: Store<AccessTx>,
    private readonly attachments: PolicyAttachments = () => [],
  ) {}

  /** The current cache generation: one read of the change counter per call. */
  private async current(): Promise<Generation> {
    const seq = await this.store.read((tx) => tx.accessChangeSeq());
    if (seq !== this.generation.seq) this.generation = newGeneration(seq);
    return this.generation;
  }

  /** A view for one request (see AccessView): pass it to principalOf and firstDenial. */
  async view(): Promise<AccessView> {
    return { generation: await this.current() };
  }

  private cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let hit = map.get(key);
    if (!hit) {
      if (map.size > 50_000) map.clear();
      hit = load();
      map.set(key, hit);
      hit.catch(() => map.delete(key));
    }
    return hit;
  }

  /** The principal an access key acts as; undefined when the key no longer exists. */
  async principalOf(accessKeyId: string, view?: AccessView): Promise<Principal | undefined> {
    const generation = view?.generation ?? (await this.current());
    return this.cached(generation.principals, accessKeyId, async () => {
      const key = await this.store.read((tx) => tx.getKeyPrincipal(accessKeyId));
      if (!key) return undefined;
      if (key.userName === undefined) return rootPrincipal(key.accountId);
      return {
        arn: userArn(key.accountId, key.userName),
        accountId: key.accountId,
        userName: key.userName,
        ...(key.userId === undefined ? {} : { userId: key.userId }),
        isRoot: false,
      };
    });
  }

  private identityPolicies(generation: Generation, principal: Principal): Promise<CompiledPolicy[]> {
    if (principal.isRoot || principal.userName === undefined) return Promise.resolve([]);
    const { accountId, userName } = principal;
    return this.cached(generation.identity, principal.arn, async () => {
      const records = await this.store.read((tx) => tx.listUserPolicies(accountId, userName));
      return records.map((record) => compilePolicy(record.document, 'identity'));
    });
  }

  private resourcePolicy(generation: Generation, arn: string): Promise<CompiledPolicy | undefined> {
    return this.cached(generation.resource, arn, async () => {
      const record = await this.store.read((tx) => tx.getResourcePolicy(arn));
      return record && compilePolicy(record.document, 'resource', RESOURCE_POLICY_MAX_CHARS);
    });
  }

  /**
   * The first permission the request lacks, or undefined when it has them all. `ignoreResourcePolicies` is
   * for Put*PermissionsPolicy, which AWS evaluates on identity policies alone (so no resource policy can lock
   * its owner out or delegate policy edits).
   */
  async firstDenial(
    facts: RequestFacts,
    permissions: Permission[],
    options: { ignoreResourcePolicies?: boolean; view?: AccessView } = {},
  ): Promise<Denial | undefined> {
    const generation = options.view?.generation ?? (await this.current());
    const { principal } = facts;
    const identity = await this.identityPolicies(generation, principal);
    for (const permission of permissions) {
      const resourcePolicies: ResourcePolicy[] = [];
      if (!options.ignoreResourcePolicies) {
        for (const attachment of this.attachments(permission.resourceArn)) {
          const policy = await this.resourcePolicy(generation, attachment.attachedTo);
          if (policy) resourcePolicies.push({ ...attachment, policy });
        }
      }
      const resourceAccount =
        /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(permission.resourceArn)?.[1] ?? principal.accountId;
      const question: AuthorizationQuestion = {
        principal,
        action: permission.action,
        resourceArn: permission.resourceArn,
        resourceAccount,
        keys: { ...this.globalKeys(facts, resourceAccount), ...permission.keys },
      };
      const decision = evaluate(question, identity, resourcePolicies);
      if (!decision.allowed) {
        return {
          action: permission.action,
          resourceArn: permission.resourceArn,
          message: denialMessage(question, decision.reason),
        };
      }
    }
    return undefined;
  }

  /** Throws AccessDenied (a CatalogError) naming the first permission the request lacks. */
  async check(facts: RequestFacts, permissions: Permission[], options?: { ignoreResourcePolicies?: boolean }) {
    const denial = await this.firstDenial(facts, permissions, options);
    if (denial) throw accessDenied(denial.message);
  }

  private globalKeys(facts: RequestFacts, resourceAccount: string): RequestContextKeys {
    const { principal } = facts;
    return {
      'aws:principalaccount': principal.accountId,
      'aws:principalarn': principal.arn,
      'aws:principaltype': principal.isRoot ? 'Account' : 'User',
      ...(principal.userName === undefined ? {} : { 'aws:username': principal.userName }),
      // IAM's aws:userid: the unique id for a user, the account id for the root.
      'aws:userid': principal.isRoot ? principal.accountId : principal.userId,
      'aws:requestedregion': facts.region,
      'aws:resourceaccount': resourceAccount,
      'aws:currenttime': new Date(facts.now).toISOString(),
      'aws:epochtime': Math.floor(facts.now / 1000),
      ...(facts.sourceIp === undefined ? {} : { 'aws:sourceip': facts.sourceIp }),
    };
  }
}
