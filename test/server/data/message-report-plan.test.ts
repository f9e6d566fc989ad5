import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLibsql, type LibsqlDatabase } from '../../../db/client'
import { migrateLibsql } from '../../../db/migrate'
import { figuresStatement, slotsStatement } from '../../../server/data/message-report'

// At 1M members and 10M ledger rows the report must read index ranges only: a source's deliveries of the period, its
// clicks by delivery id range, the period's purchases, and per purchase the member's last click or delivery.
describe('message report plan', () => {
  let database: LibsqlDatabase
  let steps: string
  beforeAll(async () => {
    database = openLibsql(':memory:')
    await migrateLibsql(database.db)
    const statement = figuresStatement(JSON.stringify(['campaign:1', 'step:1:1', 'trigger:cart_reminder']), 0, 1e12, 7 * 86_400_000)
    steps = (await database.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${statement}`)).map((r) => r.detail).join('\n')
  })
  afterAll(() => database.close())
  const planOf = async (statement: ReturnType<typeof slotsStatement>) =>
    (await database.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${statement}`)).map((r) => r.detail).join('\n')

  it('reads each table through its index, never a whole table', () => {
    for (const index of [
      /SEARCH d USING COVERING INDEX deliveries_source_idx \(source=\? AND created_at>\? AND created_at<\?\)/,
      /SEARCH c USING COVERING INDEX message_clicks_source_idx \(source=\? AND delivery_id>\? AND delivery_id<\?\)/,
      /SEARCH c USING COVERING INDEX campaign_clicks_campaign_idx \(campaign_id=\? AND delivery_id>\? AND delivery_id<\?\)/,
      /SEARCH p USING COVERING INDEX point_ledger_purchase_idx \(created_at>\? AND created_at<\?\)/,
      /SEARCH td USING INTEGER PRIMARY KEY/,
      /SEARCH message_clicks USING INDEX message_clicks_member_idx \(member_id=\? AND clicked_at>\? AND clicked_at<\?\)/,
      /SEARCH d USING COVERING INDEX deliveries_user_source_idx \(line_user_id=\? AND sent_at>\? AND sent_at<\?\)/,
      /SEARCH w USING INDEX webhook_events_type_idx \(type=\? AND received_at>\? AND received_at<\?\)/,
    ])
      expect(steps).toMatch(index)
    expect(steps).not.toMatch(/SCAN (?:d|p|c|w|deliveries|point_ledger|webhook_events|message_clicks|campaign_clicks)\b/)
  })

  it('reads the per-day slots through the same indexes', async () => {
    const slots = await planOf(slotsStatement(JSON.stringify(['campaign:1', 'step:1:1']), 0, 1e12, 7 * 86_400_000))
    expect(slots).toMatch(/SEARCH d USING COVERING INDEX deliveries_source_idx \(source=\? AND created_at>\? AND created_at<\?\)/)
    expect(slots).toMatch(/SEARCH p USING COVERING INDEX point_ledger_purchase_idx \(created_at>\? AND created_at<\?\)/)
    expect(slots).not.toMatch(/SCAN (?:d|p|c|w|deliveries|point_ledger|webhook_events|message_clicks|campaign_clicks)\b/)
  })
})
