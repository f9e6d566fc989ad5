// Sends leased rows over HTTP a few at a time (outgoing webhook deliveries, webhook forwards): each id is claimed with a
// lease that outlasts the request's timeout, so no other sender takes the row while this one waits; then attempted,
// and its outcome written under that lease. A row not due, or held or finished elsewhere, is skipped.
import type { Database } from '../db/client'
import type { AppDeps } from './env'

/** Requests in flight at once: a batch's receivers go out together, and a slow one holds up at most a few. */
const concurrency = 5
/** How much longer than the request's timeout a claim's lease runs. */
const leaseMarginMs = 60_000

/** One kind of leased row: how to claim, attempt and finish it, and the report's name for each outcome. */
export interface LeasedSend<Id, Row, Outcome extends { status: string }, Name extends string> {
  claim(db: Database, id: Id, now: Date, leaseMs: number): Promise<Row | null>
  attempt(deps: AppDeps, row: Row, timeoutMs: number): Promise<Outcome>
  finish(db: Database, row: Row, outcome: Outcome, now: Date): Promise<void>
  counted: Record<Outcome['status'], Name>
}

/** Claims (rows due at `dueAt`, default now) and sends the rows with these ids; how many ended each way. */
export async function sendLeased<Id, Row, Outcome extends { status: string }, Name extends string>(
  deps: AppDeps,
  ids: readonly Id[],
  options: { dueAt?: Date; timeoutMs: number },
  kind: LeasedSend<Id, Row, Outcome, Name>,
): Promise<Record<Name | 'skipped', number>> {
  const names: (Name | 'skipped')[] = [...Object.values<Name>(kind.counted), 'skipped']
  const report = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name | 'skipped', number>
  const one = async (id: Id) => {
    const claim = await kind.claim(deps.db, id, options.dueAt ?? deps.clock(), options.timeoutMs + leaseMarginMs)
    if (!claim) return void report.skipped++
    const outcome = await kind.attempt(deps, claim, options.timeoutMs)
    await kind.finish(deps.db, claim, outcome, deps.clock())
    report[kind.counted[outcome.status as Outcome['status']]]++
  }
  for (let i = 0; i < ids.length; i += concurrency) await Promise.all(ids.slice(i, i + concurrency).map(one))
  return report
}

/** A failed request's reason in a line: the timeout, or the network error's own cause. */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null
  return (cause ?? (err instanceof Error ? err.message : String(err))).slice(0, 500)
}
