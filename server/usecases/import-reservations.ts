// An admin's CSV import of reservations: every row checked first; only a file without problems is written, its rows
// and the audit entry in one batch (data/reservation-import.ts). A file with problems is a refusal listing them by line.
import { importReservationsCsv, type ImportResult } from '../data/reservation-import'
import { refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

export async function importReservations(
  ctx: UseCaseContext,
  input: { actor: string; bytes: Uint8Array },
): Promise<Extract<ImportResult, { ok: true }> | Refusal> {
  if (input.bytes.length === 0) return refuse('csv_invalid', 'The CSV file is empty')
  const result = await importReservationsCsv(ctx.db, input.bytes, input.actor, ctx.clock())
  if (!result.ok) {
    const message = `The CSV has ${result.problems.length} problem(s); nothing was imported`
    return refuse('csv_invalid', message, result.problems)
  }
  return result
}
