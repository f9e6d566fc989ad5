// The shop's own setup changed in the console: its settings and its stores. Each write goes with its audit entry in
// one batch (data/settings.ts, data/stores.ts); then the shop context's kept copy of settings and stores is dropped,
// so this process's next card and checkout read the change (other processes and isolates within `settingsCacheMs`).
import { findCoupon } from '../data/coupon-copies'
import { saveSettings, timeZoneOf, type SettingsKey, type ShopSettings } from '../data/settings'
import { createStore, updateStore, type StoreInput, type StoreView } from '../data/stores'
import { refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext } from './context'

/**
 * Saves the settings keys given (undefined ones are left as they are); nothing is written when none is given, or when
 * a coupon rule or the stamp card names a coupon that does not exist (`coupon_not_found`): saved, it would issue
 * nothing and say so nowhere.
 */
export async function changeSettings(
  ctx: SettingsUseCaseContext,
  input: { changes: Partial<ShopSettings>; actor: string },
): Promise<void | Refusal> {
  const keys = (Object.keys(input.changes) as SettingsKey[]).filter((k) => input.changes[k] !== undefined)
  if (keys.length === 0) return
  const { couponRules, stampCard } = input.changes
  const named = [
    couponRules?.welcome,
    couponRules?.birthday,
    ...(couponRules?.rankUp ?? []).map((rule) => rule.couponId),
    stampCard?.rewardCouponId,
  ]
  for (const id of new Set(named))
    if (typeof id === 'number' && !(await findCoupon(ctx.db, id)))
      return refuse('coupon_not_found', `No coupon ${id}`, { couponId: id })
  await saveSettings(ctx.db, Object.fromEntries(keys.map((k) => [k, input.changes[k]])), input.actor, ctx.clock())
  ctx.settings.invalidate()
}

/**
 * Adds a store. One given no time zone starts in the shop's: its zone is then explicit, and stays if the shop's
 * zone changes later.
 */
export async function addStore(
  ctx: SettingsUseCaseContext,
  input: { store: StoreInput; actor: string },
): Promise<StoreView | Refusal> {
  const timeZone = input.store.timeZone ?? timeZoneOf(await ctx.settings.load(), ctx.config)
  const store = await createStore(ctx.db, { ...input.store, timeZone }, input.actor, ctx.clock())
  // Checkouts read a store's name and zone through the settings store.
  ctx.settings.invalidate()
  return store
}

/** Edits a store; the fields not given are kept (an edit without a time zone keeps the store's). */
export async function editStore(
  ctx: SettingsUseCaseContext,
  input: { id: number; store: Partial<StoreInput>; actor: string },
): Promise<StoreView | Refusal> {
  const store = await updateStore(ctx.db, input.id, input.store, input.actor, ctx.clock())
  ctx.settings.invalidate()
  return store
}
