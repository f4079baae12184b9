// The audit trail: every write and every denied request, in the Store (time, principal ARN, action,
// resource ARN, request id, source address, outcome).
//
// A write's row is inserted in the write's own transaction, so it commits or vanishes with it — a crash can
// lose neither without the other. No domain operation knows about this: each request runs in an audit scope
// (an AsyncLocalStorage context opened by the HTTP layer), the authorization step puts the allowed request in
// it, and the Store handed to the domain is wrapped so that the outermost write transaction of a described
// request adds the row before it commits (once per request; a retried or failed transaction re-adds or drops
// it with the rest). Reads write nothing. A denied request never reaches the domain: its row is written on
// its own.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditFilter, AuditRecord } from '../../store/records.js';
import type { AccessTx, Store } from '../../store/store.js';

/** What a request is, once authorized (the first permission it needed). */
export interface AuditedRequest {
  principalArn: string;
  action: string;
  resourceArn: string;
  requestId: string;
  sourceAddress: string;
}

interface AuditScope {
  request?: AuditedRequest;
  recorded: boolean;
  writeDepth: number;
}

const scopes = new AsyncLocalStorage<AuditScope>();

export class AuditTrail {
  constructor(
    private readonly store: Store<AccessTx>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Runs `work` — one request's whole handling — in a fresh audit scope. */
  scope<T>(work: () => T): T {
    return scopes.run({ recorded: false, writeDepth: 0 }, work);
  }

  /** Marks the current request as allowed: its writes will carry this row. */
  describeRequest(request: AuditedRequest): void {
    const scope = scopes.getStore();
    if (scope) scope.request = request;
  }

  async recordDenied(request: AuditedRequest & { at: number }): Promise<void> {
    await this.store.write((tx) => tx.insertAudit({ ...request, outcome: 'denied', detail: 'AccessDeniedException' }));
  }

  list(filter: AuditFilter): Promise<AuditRecord[]> {
    return this.store.read((tx) => tx.listAudit(filter));
  }

  /** The Store the domain uses: the same, but a described request's first committed write carries its audit row. */
  auditing<Tx extends AccessTx>(store: Store<Tx>): Store<Tx> {
    const clock = this.clock;
    return {
      backend: store.backend,
      read: (work) => store.read(work),
      integrityProblems: () => store.integrityProblems(),
      close: () => store.close(),
      async write(work, options) {
        const scope = scopes.getStore();
        if (!scope?.request || scope.recorded) return store.write(work, options);
        scope.writeDepth++;
        const outermost = scope.writeDepth === 1;
        try {
          const result = await store.write(async (tx) => {
            const value = await work(tx);
            if (outermost && scope.request) await tx.insertAudit({ ...scope.request, at: clock(), outcome: 'allowed' });
            return value;
          }, options);
          if (outermost) scope.recorded = true;
          return result;
        } finally {
          scope.writeDepth--;
        }
      },
    };
  }
}
