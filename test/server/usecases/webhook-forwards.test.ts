import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../../db/schema'
import { readForwardTargets } from '../../../server/data/forward-targets'
import { retryForward, setForwardTargets } from '../../../server/usecases/webhook-forwards'
import { withAuditFailing } from '../../support/audit-failure'
import { testAppPerSuite } from '../../support/test-app'

describe('webhook forward use cases', () => {
  const t = testAppPerSuite()
  const actor = 'staff:1'

  const updates = () => t.db.$count(auditLog, eq(auditLog.action, 'webhook_forward.targets_updated'))

  it('saves checked targets with their audit entry; saving the same list again saves it again', async () => {
    const urls = ['https://bot.example.jp/hook', 'https://crm.example.jp/line']
    const before = await updates()
    expect(await setForwardTargets(t.deps, { urls, actor })).toEqual({ ok: true })
    expect(await readForwardTargets(t.db)).toEqual(urls)
    t.clock.advance(1000)
    expect(await setForwardTargets(t.deps, { urls, actor })).toEqual({ ok: true })
    expect(await readForwardTargets(t.db)).toEqual(urls)
    expect(await updates()).toBe(before + 2)
  })

  it('refuses a repeated URL and an unknown forward as values, saving nothing', async () => {
    const saved = await readForwardTargets(t.db)
    const before = await updates()
    const url = 'https://dup.example.jp/hook'
    expect(await setForwardTargets(t.deps, { urls: [url, url], actor })).toMatchObject({
      ok: false,
      refusal: 'forward_target_duplicate',
      details: { url },
    })
    expect(await retryForward(t.deps, { id: 'no-such-forward', actor })).toMatchObject({
      ok: false,
      refusal: 'webhook_forward_not_found',
    })
    expect(await readForwardTargets(t.db)).toEqual(saved)
    expect(await updates()).toBe(before)
  })

  it('keeps the old targets when the batch fails at its audit entry; the retry saves them once', async () => {
    const saved = await readForwardTargets(t.db)
    const before = await updates()
    const urls = ['https://new.example.jp/hook']
    await withAuditFailing(t, 'webhook_forward.targets_updated', () => setForwardTargets(t.deps, { urls, actor }))
    expect(await readForwardTargets(t.db)).toEqual(saved)
    expect(await updates()).toBe(before)
    expect(await setForwardTargets(t.deps, { urls, actor })).toEqual({ ok: true })
    expect(await readForwardTargets(t.db)).toEqual(urls)
    expect(await updates()).toBe(before + 1)
  })
})
