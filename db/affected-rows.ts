// Rows changed by a `db.run` result, whichever driver produced it (libsql: rowsAffected, D1: meta.changes).
// D1's count also includes rows changed by triggers (an UPDATE of line_accounts that moves members.line_status
// reports 2 or 3), so a statement keyed to one row is checked with `wroteRow`, never `affectedRows(...) === 1`.
export function affectedRows(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number } } | undefined
  return r?.rowsAffected ?? r?.meta?.changes ?? 0
}

/** Whether the statement changed its row (on D1, also when its triggers changed others). */
export function wroteRow(result: unknown): boolean {
  return affectedRows(result) > 0
}
