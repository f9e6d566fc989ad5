// Rows changed by a `db.run` result, whichever driver produced it (libsql: rowsAffected, D1: meta.changes).
export function affectedRows(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number } } | undefined
  return r?.rowsAffected ?? r?.meta?.changes ?? 0
}
