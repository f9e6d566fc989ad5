import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLibsql, type LibsqlDatabase } from '../../../db/client'
import { restoreMigrated } from '../../support/migrated-template'
import { recipientCount } from '../../../server/data/segments'
import type { Segment } from '../../../server/domain/segment'

const now = new Date('2026-12-03T03:00:00Z')

describe('recipient count plans', () => {
  let database: LibsqlDatabase
  beforeAll(async () => {
    database = openLibsql(':memory:')
    await restoreMigrated(database.db)
  })
  afterAll(() => database.close())

  const plan = async (segment: Segment) =>
    (await database.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${recipientCount(segment, now)}`)).map(
      (r) => r.detail,
    )

  it('seeks reachable members first, then the expiry window, for a points-expiring segment', async () => {
    for (const segment of [{ pointsExpiringWithinDays: 30 }, { ranks: ['silver'], pointsExpiringWithinDays: 14 }]) {
      const [members] = await plan(segment)
      expect(members).toMatch(
        /SEARCH m USING COVERING INDEX members_reachable_expiry_idx \(status=\? AND line_status=\? AND marketing_opt_in=\? AND next_expiry_at<\?\)/,
      )
    }
  })

  it('seeks reachable members first for every other segment', async () => {
    const tagged = { tags: [{ name: 'vip' }] }
    for (const segment of [{}, { ranks: ['silver'] }, { visitedWithinDays: 30 }, { prefectures: ['東京都'] }, tagged]) {
      const [members] = await plan(segment)
      expect(members).toMatch(/SEARCH m USING COVERING INDEX \w+ \(status=\? AND line_status=\? AND marketing_opt_in=\?/)
    }
  })

  it('reads the members of a tag filter from member_tags_name_idx alone', async () => {
    const steps = await plan({ ranks: ['silver'], tags: [{ name: 'category', value: 'coffee' }] })
    expect(steps.join('\n')).toMatch(/SEARCH member_tags USING COVERING INDEX member_tags_name_idx \(name=\? AND value=\?\)/)
  })

  it('reads the members of a custom field filter from member_field_answers_value_idx alone', async () => {
    const cases: [Segment, RegExp][] = [
      [{ fields: [{ key: 'skin', op: 'any_of', values: ['dry'] }] }, /\(field_id=\? AND value=\?\)/],
      [{ fields: [{ key: 'store', op: 'equals', value: '渋谷' }] }, /\(field_id=\? AND value=\?\)/],
      [{ fields: [{ key: 'pet', op: 'date_between', from: '2020-01-01', to: '2020-12-31' }] }, /\(field_id=\? AND value>\? AND value<\?\)/],
      [{ fields: [{ key: 'pet', op: 'month_in', months: [5] }] }, /\(field_id=\?\)/],
    ]
    for (const [segment, seek] of cases) {
      const steps = (await plan(segment)).join('\n')
      expect(steps).toMatch(/SEARCH member_field_answers USING COVERING INDEX member_field_answers_value_idx/)
      expect(steps).toMatch(seek)
      expect(steps).toMatch(/SEARCH member_fields USING COVERING INDEX member_fields_key_unique \(key=\?\)/)
    }
  })
})
