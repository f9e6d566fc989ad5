// Sends leased rows over HTTP a few at a time (outgoing webhook deliveries, webhook forwards): each id is claimed with a
// lease that outlasts the request's timeout, so no other sender takes the row while this one waits; then attempted,
// and its outcome written under that lease. A row not due, or held or finished elsewhere, is skipped.

/** Requests in flight at once: a batch's receivers go out together, and a slow one holds up at most a few. */
const concurrency = 5
/** How much longer than the request's timeout a claim's lease runs. */
const leaseMarginMs = 60_000

export interface LeasedSend<Id, Row, Outcome> {
  claim(id: Id, leaseMs: number): Promise<Row | null>
  attempt(row: Row): Promise<Outcome>
  finish(row: Row, outcome: Outcome): Promise<void>
  /** Counts a row's outcome (null: skipped). */
  tally(outcome: Outcome | null): void
}

export async function sendLeased<Id, Row, Outcome>(
  ids: readonly Id[],
  timeoutMs: number,
  send: LeasedSend<Id, Row, Outcome>,
): Promise<void> {
  const one = async (id: Id) => {
    const claim = await send.claim(id, timeoutMs + leaseMarginMs)
    if (!claim) return send.tally(null)
    const outcome = await send.attempt(claim)
    await send.finish(claim, outcome)
    send.tally(outcome)
  }
  for (let i = 0; i < ids.length; i += concurrency) await Promise.all(ids.slice(i, i + concurrency).map(one))
}

/** A failed request's reason in a line: the timeout, or the network error's own cause. */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null
  return (cause ?? (err instanceof Error ? err.message : String(err))).slice(0, 500)
}
