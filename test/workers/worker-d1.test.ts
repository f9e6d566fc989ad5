// openD1 inside workerd: the ledger's conditional batches (raw SQL items included) run on D1 as on libsql.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { demo, seedDemoShop } from '../../db/seed'
import { addPoints, reverseEntry, spendPoints } from '../../server/data/ledger'
import { createRedeemApproval, findRedeemApproval } from '../../server/data/redeem-approvals'
import { openD1 } from '../../db/d1'
import { seededAdmin } from '../support/staff'
import { memberBalance } from '../support/ledger-reads'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
const memberId = demo.customerMemberId
const write = (key: string) => ({ memberId, idempotencyKey: key, actor: 'staff:1' })

async function balance() {
  return memberBalance(db, memberId)
}

beforeAll(() => seedDemoShop(db, now))

describe('openD1', () => {
  it('earns once per idempotency key, redeems, reverses and refuses an overdraft', async () => {
    const start = await balance()
    const lot = { ...write('earn-1'), points: 100, expiresAt: new Date(now.getTime() + 365 * 86_400_000) }
    expect((await addPoints(db, lot, now)).balance).toBe(start + 100)
    expect((await addPoints(db, lot, now)).replayed).toBe(true)

    const redeemed = await spendPoints(db, { ...write('redeem-1'), points: 50 }, now)
    expect(redeemed.balance).toBe(start + 50)
    const reversed = await reverseEntry(
      db,
      { entryId: redeemed.entry.id, idempotencyKey: 'reverse-1', actor: 'staff:1' },
      now,
    )
    expect(reversed.balance).toBe(start + 100)

    await expect(spendPoints(db, { ...write('redeem-2'), points: 1_000_000 }, now)).rejects.toMatchObject({
      code: 'insufficient_points',
    })
    expect(await balance()).toBe(start + 100)
  })

  it('consumes a redeem approval and a card token once, refusing a card of an unlinked member', async () => {
    const manager = await seededAdmin(db)
    const scope = { memberId, points: 10, storeId: 1 }
    const { code } = await createRedeemApproval(db, manager, scope, now)
    const approval = await findRedeemApproval(db, code, scope, now)
    if (!('id' in approval)) throw new Error(approval.message)
    const issuedAt = Math.floor(now.getTime() / 1000)
    const spend = (key: string) =>
      spendPoints(db, { ...write(key), storeId: 1, points: 10, approvalId: approval.id }, now)
    const start = await balance()
    expect((await spend('approved-1')).entry.balanceAfter).toBe(start - 10)
    await expect(spend('approved-2')).rejects.toMatchObject({ code: 'approval_invalid' })
    const card = { tokenId: 'd1-token', issuedAt }
    await expect(
      spendPoints(db, { ...write('card-2'), memberId: demo.unlinkedMemberId, points: 1, card }, now),
    ).rejects.toMatchObject({ code: 'card_revoked' })
    expect((await spendPoints(db, { ...write('card-1'), points: 10, card }, now)).balance).toBe(start - 20)
    await expect(spendPoints(db, { ...write('card-3'), points: 10, card }, now)).rejects.toMatchObject({
      code: 'card_used',
    })
  })

  it('reverses an earn whose points were partly used: takes back what is left and records the shortfall', async () => {
    const start = await balance()
    const lot = { ...write('earn-partly'), points: 100, expiresAt: new Date(now.getTime() + 365 * 86_400_000) }
    const earned = await addPoints(db, lot, now)
    await spendPoints(db, { ...write('spend-most'), points: start + 80 }, now)
    const reversed = await reverseEntry(
      db,
      { entryId: earned.entry.id, idempotencyKey: 'reverse-partly', actor: 'staff:1' },
      now,
    )
    expect(reversed).toMatchObject({ balance: 0, entry: { points: -20, balanceAfter: 0, shortfall: 80 } })
  })
})
