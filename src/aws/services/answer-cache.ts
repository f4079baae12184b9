// AWS read answers kept per instance behind a database change stamp (issue 23): a hit costs the one point read
// of the stamp (a package's change counter, moved by triggers in the writing transaction, migrations 7 and 11)
// instead of reading the page's rows and serialising them. The answer is the handler's output object itself,
// marked reusable, so the engine's serialiser makes its bytes once (aws/response.ts) and a hit sends them again.
// A page token inside an answer is sealed deterministically (HMAC over cursor and request, pagination.ts), and
// the key holds everything the token is bound to (service, operation, account, region, the whole input), so the
// whole output, nextToken included, is the same for every request with that key.
import { StampedLru } from '../../cache/stamped-lru.js';
import { newCacheCounters, type CacheCounters } from '../../observability/cache-counters.js';
import { canonicalBinding } from '../pagination.js';
import { reusableOutput } from '../response.js';
import type { RequestContext } from '../service.js';

export class AnswerCache {
  private readonly lru: StampedLru<object>;

  constructor(
    private readonly budgetBytes: number,
    counters: CacheCounters = newCacheCounters(),
  ) {
    this.lru = new StampedLru(budgetBytes, counters);
  }

  /**
   * The answer for this request: kept if it was made at `stamp`, else made by `compute` and kept. `stamp` must be
   * read before `compute` reads anything (so an answer is never newer-stamped than its rows), outside any write
   * transaction; undefined = nothing to validate against (say, an unknown package): answered fresh, not kept.
   */
  async answer<T extends object>(
    context: RequestContext,
    input: object,
    stamp: string | undefined,
    compute: () => Promise<T>,
    options: { serialized: boolean } = { serialized: true },
  ): Promise<T> {
    if (stamp === undefined || this.budgetBytes === 0) return compute();
    const key = `${context.service}:${context.operation}:${context.accountId}:${context.region}:${canonicalBinding(input as Record<string, unknown>)}`;
    const answer = await this.lru.through(
      key,
      stamp,
      async () => {
        const made = await compute();
        // `serialized: false` keeps a part of an output (one with a per-request member, say), never sent as it is.
        return options.serialized ? reusableOutput(made) : made;
      },
      // Held twice over: the output's objects and, once served, its serialised bytes (≈ its JSON length each).
      (output) => 3 * JSON.stringify(output).length,
    );
    return answer as T;
  }
}

/** Keeps nothing (a service built alone, as some tests do): every answer is made afresh. */
export const NO_ANSWERS = new AnswerCache(0);
