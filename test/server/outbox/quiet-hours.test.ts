import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { deliveries } from '../../../db/schema'
import { enqueueMessage } from '../../../server/data/outbox'
import { drainOutbox } from '../../../server/outbox/sender'
import { personaByKey } from '../../../server/sandbox/personas'
import { testAppPerTest } from '../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)
const quiet = { hours: { start: '21:00', end: '09:00' }, timeZone: 'Asia/Tokyo' }
const customer = personaByKey('customer')!.lineUserId

describe('drainOutbox in quiet hours', () => {
  const t = testAppPerTest({ now: jst('2026-11-23T22:00:00') })

  it('holds campaigns and point notices until quiet hours end, and still sends a receipt behind them', async () => {
    const message = (kind: string, text: string) =>
      enqueueMessage(
        t.db,
        {
          dedupeKey: `${kind}:1`,
          kind,
          lineUserId: customer,
          messages: [{ type: 'text', text }],
          notBefore: jst('2026-11-23T20:00:00'),
        },
        t.clock.now,
      )
    await t.db.batch([
      message('campaign', 'セール'),
      message('balance_notice', '残高'),
      message('receipt', 'ありがとうございました'),
    ])

    const report = await drainOutbox(t.deps, { quiet })
    expect(report).toMatchObject({ heldForQuietHours: 2, sent: 1 })
    const rows = await t.db.select().from(deliveries).orderBy(deliveries.id)
    expect(rows.map((r) => [r.kind, r.status, r.nextAttemptAt])).toEqual([
      ['campaign', 'pending', jst('2026-11-24T09:00:00')],
      ['balance_notice', 'pending', jst('2026-11-24T09:00:00')],
      ['receipt', 'sent', jst('2026-11-23T20:00:00')],
    ])

    t.clock.now = jst('2026-11-24T09:00:00')
    expect(await drainOutbox(t.deps, { quiet })).toMatchObject({ heldForQuietHours: 0, sent: 2 })
    expect(await t.db.$count(deliveries, eq(deliveries.status, 'sent'))).toBe(3)
  })
})
