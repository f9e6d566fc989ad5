// The failure between a batch's steps: every insert of one audit action fails while `write` runs (which must then
// throw), so a test can show that the batch wrote nothing else either.
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import type { TestApp } from './test-app'

export async function withAuditFailing(t: TestApp, action: string, write: () => Promise<unknown>): Promise<void> {
  if (!/^[a-z_.]+$/.test(action)) throw new Error(`not an audit action: ${action}`)
  await t.db.run(
    sql.raw(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = '${action}'
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`),
  )
  try {
    await expect(write()).rejects.toThrow()
  } finally {
    await t.db.run(sql`DROP TRIGGER fail_audit`)
  }
}
