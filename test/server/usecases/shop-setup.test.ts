import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../../db/schema'
import { addStore, changeSettings, editStore } from '../../../server/usecases/shop-setup'
import { testAppPerSuite } from '../../support/test-app'

describe('the shop setup use cases', () => {
  const t = testAppPerSuite()
  const actor = 'staff:1'
  const audits = (action: string) => t.db.$count(auditLog, eq(auditLog.action, action))

  it('saves settings with one audit entry, and the shop reads them at once (its kept copy dropped)', async () => {
    expect((await t.deps.settings.load()).shop.timeZone).toBeNull()
    const before = await audits('settings.updated')
    await changeSettings(t.deps, { changes: { shop: { timeZone: 'America/New_York' } }, actor })
    expect((await t.deps.settings.load()).shop.timeZone).toBe('America/New_York')
    expect(await t.deps.timeZone()).toBe('America/New_York')
    expect(await audits('settings.updated')).toBe(before + 1)
  })

  it('writes nothing when no setting is given', async () => {
    const before = await audits('settings.updated')
    await changeSettings(t.deps, { changes: { shop: undefined }, actor })
    expect(await audits('settings.updated')).toBe(before)
  })

  it("starts a new store in the shop's zone unless it names its own", async () => {
    await changeSettings(t.deps, { changes: { shop: { timeZone: 'Asia/Tokyo' } }, actor })
    const plain = await addStore(t.deps, { store: { code: 'setup-a', name: '駅前店' }, actor })
    const own = await addStore(t.deps, {
      store: { code: 'setup-b', name: 'NY店', timeZone: 'America/New_York' },
      actor,
    })
    expect(plain).toMatchObject({ code: 'setup-a', timeZone: 'Asia/Tokyo', staffCount: 0 })
    expect(own).toMatchObject({ code: 'setup-b', timeZone: 'America/New_York' })
  })

  it('shows an edited store to the next checkout at once, and keeps the fields not given', async () => {
    const store = await addStore(t.deps, { store: { code: 'setup-c', name: '旧店名' }, actor })
    if (!('id' in store)) throw new Error('not added')
    expect(await t.deps.settings.store(store.id)).toMatchObject({ name: '旧店名' })
    const edited = await editStore(t.deps, { id: store.id, store: { code: 'setup-c', name: '新店名' }, actor })
    expect(edited).toMatchObject({ id: store.id, name: '新店名', timeZone: store.timeZone })
    expect(await t.deps.settings.store(store.id)).toEqual({ name: '新店名', timeZone: store.timeZone })
  })

  it('refuses a code already used and an unknown store, writing nothing', async () => {
    const [created, updated] = [await audits('store.created'), await audits('store.updated')]
    expect(await addStore(t.deps, { store: { code: 'setup-a', name: '二号店' }, actor })).toMatchObject({
      ok: false,
      refusal: 'store_code_taken',
    })
    expect(await audits('store.created')).toBe(created)
    expect(await editStore(t.deps, { id: 99_999, store: { name: 'x' }, actor })).toMatchObject({
      ok: false,
      refusal: 'store_not_found',
    })
    expect(await audits('store.updated')).toBe(updated)
  })
})
