import { and, eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { deliveries, lineAccounts } from '../../../db/schema'
import { type RichMenuIds } from '../../../server/rich-menus/ids'
import { restoredNowLimit, restoreMemberMenus } from '../../../server/rich-menus/sandbox-links'
import { setUpRichMenus } from '../../../server/rich-menus/setup'
import { testAppPerSuite } from '../../support/test-app'

const t = testAppPerSuite({ seed: false })
let ids: RichMenuIds

beforeAll(async () => {
  ids = await setUpRichMenus(t.deps)
})

const userId = (n: number) => `U${n.toString(16).padStart(32, '0')}`

describe('restoreMemberMenus (sandbox start and demo reset)', () => {
  it('plans every member menu, sends the first ones now and leaves the rest to the outbox sender', async () => {
    const accounts = restoredNowLimit + 50
    await t.db.insert(lineAccounts).values(
      Array.from({ length: accounts + 2 }, (_, i) => ({
        lineUserId: userId(i + 1),
        // Two accounts whose menu is not restored: a guest, and a member who blocked the account.
        richMenu: i === accounts ? ('guest' as const) : ('member' as const),
        friendStatus: i === accounts + 1 ? ('blocked' as const) : ('friend' as const),
      })),
    )

    await restoreMemberMenus(t.deps)

    const planned = await t.db
      .select({ lineUserId: deliveries.lineUserId, status: deliveries.status, richMenu: deliveries.richMenu })
      .from(deliveries)
      .where(like(deliveries.dedupeKey, 'rich-menu:%'))
    expect(planned).toHaveLength(accounts)
    expect(planned.every((row) => row.richMenu === 'member')).toBe(true)
    expect(planned.filter((row) => row.status === 'sent')).toHaveLength(restoredNowLimit)
    expect(planned.filter((row) => row.status === 'pending')).toHaveLength(accounts - restoredNowLimit)
    const shown = [...t.sandbox.messaging.record.userRichMenus.entries()].filter(([, menu]) => menu === ids.member)
    expect(shown).toHaveLength(restoredNowLimit)
    expect(
      await t.db.query.deliveries.findFirst({
        where: and(eq(deliveries.lineUserId, userId(accounts + 1)), like(deliveries.dedupeKey, 'rich-menu:%')),
      }),
    ).toBeUndefined()
  })
})
