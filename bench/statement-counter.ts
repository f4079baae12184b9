// Loaded into a Quiver server by `PROFILE_STATEMENTS=1 node --import tsx bench/profile.ts …` (with
// `--import tsx --import ./bench/statement-counter.ts`): counts the queries the server sends to PostgreSQL, one
// per `pg` Client.query call, and the round trips: a query written while an earlier one on the same connection
// is still unanswered (pg's pipeline mode) rides that one's round trip. On SIGUSR2 it writes the counts since
// the last signal, by statement text (the key '(round trips)' holds those), to $QUIVER_STATEMENT_COUNTS.
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const ROUND_TRIPS = '(round trips)';
const counts = new Map<string, number>();
const inFlight = new WeakMap<object, number>();
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const config = args[0] as string | { text?: string; name?: string } | undefined;
  const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
  count(text.replace(/\s+/g, ' ').slice(0, 160));
  const pending = inFlight.get(this) ?? 0;
  if (pending === 0) count(ROUND_TRIPS);
  inFlight.set(this, pending + 1);
  const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
  const result = original.apply(this, args);
  if (result instanceof Promise) result.then(done, done);
  else done(); // a callback or submittable query: counted as its own round trip
  return result;
};

// New connections: a pool that keeps replacing its connections shows here.
const connect = pg.Client.prototype.connect as (...args: unknown[]) => unknown;
(pg.Client.prototype as { connect: (...args: unknown[]) => unknown }).connect = function (
  this: pg.Client,
  ...args: unknown[]
) {
  count('(connections opened)');
  return connect.apply(this, args);
};

process.on('SIGUSR2', () => {
  writeFileSync(process.env.QUIVER_STATEMENT_COUNTS!, JSON.stringify([...counts]));
  counts.clear();
});
