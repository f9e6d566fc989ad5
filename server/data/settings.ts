// Shop settings: defaults merged with what an admin saved in `settings`, validated on the way in and out.
import { defaultAttributionDays } from '../domain/attribution'
import { z } from 'zod'
import type { Database } from '../../db/client'
import { settings } from '../../db/schema'
import { createCache } from '../cache'
import type { Clock } from '../env'
import { audit } from './audit'
import { checkoutStore, type CheckoutStore } from './checkout'
import { defaultPointRules } from '../domain/points'
import { multiLine, singleLine } from '../domain/free-text'
import { defaultRankTiers } from '../domain/ranks'
import { isTimeZone } from '../domain/time-zone'
import { defaultBirthdayTexts, defaultGreetingTexts } from '../messages/automated-defaults'

/** The member barcodes a shop can add under the card's QR (`none`: the QR alone). */
export const memberBarcodes = ['none', 'code128', 'ean13'] as const

const retentionDays = (min: number) => z.number().int().min(min).max(3650)

/** An IANA time zone name this runtime knows; refused with the stable code `invalid_time_zone`. */
export const timeZoneName = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'unknown time zone (an IANA name such as Asia/Tokyo)', params: { code: 'invalid_time_zone' } })

/** An admin-written message text (`{name}`: the member's name, where there is a member). */
const automatedText = multiLine(z.string().trim().min(1).max(1000))
const greetingTexts = z.object({
  /** A new friend: invites them to register or link. */
  newFriend: automatedText,
  /** An unblocked friend who is not a member. */
  returning: automatedText,
  /** A friend already linked to a membership (new follow or unblock). */
  member: automatedText,
})
const couponId = z.number().int().positive()
/**
 * At most this many days ahead: a birthday's window (at most 31 days) stays shorter than the outbox's shortest
 * retention (32 days), so its dedupe key outlives every day it is planned on.
 */
export const birthdayMaxDaysBefore = 30

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)')

export const shopSettingsSchema = z.object({
  shop: z.object({
    /** The shop's time zone (days, hours and dates everywhere, `timeZoneOf`); null: TIME_ZONE of the environment. */
    timeZone: timeZoneName.nullable(),
  }),
  ranks: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/),
        label: singleLine(z.string().min(1).max(30)),
        minSpend: z.number().int().min(0),
        pointsPer100Yen: z.number().min(0).max(100),
      }),
    )
    .min(1)
    // zod runs refinements even after `.min(1)` failed, so this must not assume a first tier.
    .superRefine((tiers, ctx) => {
      if (tiers.length > 0 && tiers[0]!.minSpend !== 0) {
        ctx.addIssue({ code: 'custom', path: [0, 'minSpend'], message: 'the first rank must start at a spend of 0' })
      }
      tiers.forEach((t, i) => {
        if (i > 0 && !(t.minSpend > tiers[i - 1]!.minSpend)) {
          ctx.addIssue({ code: 'custom', path: [i, 'minSpend'], message: 'ranks must be in increasing order of spend' })
        }
        if (tiers.findIndex((other) => other.key === t.key) < i) {
          ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'rank keys must be unique' })
        }
      })
    }),
  points: z.object({
    validityDays: z.number().int().min(1).max(3650),
    redeemUnit: z.number().int().min(1).max(10_000),
    rounding: z.enum(['floor', 'round', 'ceil']),
    /** Yen value of a used point (default 1): a reversal's shortfall is shown to staff in yen with it. */
    yenPerPoint: z.number().min(0).max(10_000).optional(),
  }),
  checkout: z.object({
    /** Most points one member may earn per day (fraud limit); null for no cap. */
    dailyEarnCap: z.number().int().min(1).nullable(),
    /** Largest single purchase amount staff may enter, in yen. */
    maxPurchaseAmount: z.number().int().min(1),
    /** Unusual staff activity: more reversals than this in an hour by one person is flagged (`alert.reversals`). */
    alertReversalsPerHour: z.number().int().min(1).default(5),
    /** Earns for at least this purchase amount (yen) count as high-value... */
    alertHighValueAmount: z.number().int().min(1).default(100_000),
    /** ...and more of them than this in an hour by one person is flagged (`alert.high_value_earns`). */
    alertHighValueEarnsPerHour: z.number().int().min(1).default(3),
    /**
     * Redeeming needs the member's card (a fresh, unused QR); without it only a manager, or staff with a manager's
     * approval code, can redeem. Every redeem without the card raises `alert.redeem_without_card` either way.
     */
    requireCardToRedeem: z.boolean().default(true),
  }),
  card: z.object({
    /**
     * A 1D barcode of the member number under the card's QR, for the POS scanners a shop already has (`ean13`: the
     * in-store prefix 20 + the number). A static number can be copied; the signed, rotating QR cannot.
     */
    memberBarcode: z.enum(memberBarcodes),
  }),
  messaging: z.object({
    quietHours: z.object({ start: hhmm, end: hhmm }).nullable(),
    /** Days before expiry to warn about expiring points. */
    expiryWarningDays: z.number().int().min(1).max(90),
    /** The shop's booking page: a reservation the shop cancels is told with a "book again" button to it; null for none. */
    rebookUrl: z
      .string()
      .max(500)
      .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
      .nullish(),
    /** Days after a campaign's delivery or a click on it within which a purchase is attributed to it (last touch). */
    attributionDays: z.number().int().min(1).max(90).optional(),
  }),
  /** The EC site's messages (server/usecases/cart-update.ts): a cart untouched this long is reminded of. */
  commerce: z.object({ cartReminderDelayMinutes: z.number().int().min(10).max(7 * 24 * 60) }),
  /** The greeting replied to a follow (server/webhook/greeting.ts): one text per case and language, the link appended. */
  greeting: z.object({
    enabled: z.boolean(),
    texts: z.object({ ja: greetingTexts, en: greetingTexts }),
  }),
  /** The birthday message (server/data/birthday-planner.ts), once a year per reachable, opted-in member. */
  birthday: z.object({
    enabled: z.boolean(),
    /** Sent from this many days before the birthday; null: from the first day of the birthday month. */
    daysBefore: z.number().int().min(0).max(birthdayMaxDaysBefore).nullable(),
    texts: z.object({ ja: automatedText, en: automatedText }),
  }),
  /** Coupons issued by rule: on registration, with the birthday message, on reaching a rank (server/data/coupon-rules.ts). */
  couponRules: z.object({
    welcome: couponId.nullable(),
    birthday: couponId.nullable(),
    rankUp: z
      .array(z.object({ rank: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/), couponId }))
      .max(20)
      .refine((rules) => new Set(rules.map((r) => r.rank)).size === rules.length, 'one coupon per rank'),
  }),
  /** Stamp-card mode (server/data/stamps.ts): each earn at the till also gives a stamp; a full card gives a coupon. */
  stampCard: z
    .object({
      enabled: z.boolean(),
      stampsPerCard: z.number().int().min(1).max(50),
      rewardCouponId: z.number().int().positive().nullable(),
      /** At most one stamp per member, store and (the store's local) day. */
      onePerDay: z.boolean(),
    })
    .refine((s) => !s.enabled || s.rewardCouponId !== null, {
      message: 'stamp-card mode needs a reward coupon',
      path: ['rewardCouponId'],
    })
    .default({ enabled: false, stampsPerCard: 10, rewardCouponId: null, onePerDay: true }),
  /** Days after which the daily job prunes each kind of row (server/data/retention.ts; stated on the privacy page). */
  retention: z.object({
    /** Sent, failed and skipped messages. At least 32 days: a pruned row's dedupe key must not be planned again. */
    deliveriesDays: retentionDays(32),
    /** Handled webhook events (pending ones are never pruned); LINE redelivers an event for a while, deduped by id. */
    webhookEventsDays: retentionDays(7),
    /** Used card tokens: they only need to outlive a token's validity (about a minute). */
    cardScansDays: retentionDays(1),
    /** Link attempts: the waits count the failures of the last 24 hours, so at least 2 days. */
    linkAttemptsDays: retentionDays(2),
    /** Account-link nonces, from their use or expiry: a day outlives the last retry (about an hour) of the event using one. */
    accountLinkNoncesDays: retentionDays(1),
    /** Staff invites, counted from their use or expiry. */
    staffInvitesDays: retentionDays(1),
    /** Managers' redeem approvals, counted from their use or expiry. */
    redeemApprovalsDays: retentionDays(1),
    /** Carts no longer open (ordered, emptied, reminded), from their last change; the default keeps stored settings valid. */
    cartsDays: retentionDays(1).default(90),
  }),
})

export type ShopSettings = z.infer<typeof shopSettingsSchema>
export type SettingsKey = keyof ShopSettings

export const defaultSettings: ShopSettings = {
  shop: { timeZone: null },
  ranks: [...defaultRankTiers],
  points: { ...defaultPointRules },
  checkout: {
    dailyEarnCap: 5_000,
    maxPurchaseAmount: 1_000_000,
    alertReversalsPerHour: 5,
    alertHighValueAmount: 100_000,
    alertHighValueEarnsPerHour: 3,
    requireCardToRedeem: true,
  },
  card: { memberBarcode: 'none' },
  messaging: { quietHours: { start: '21:00', end: '09:00' }, expiryWarningDays: 30, rebookUrl: null, attributionDays: defaultAttributionDays },
  commerce: { cartReminderDelayMinutes: 60 },
  greeting: { enabled: true, texts: defaultGreetingTexts },
  birthday: { enabled: false, daysBefore: null, texts: defaultBirthdayTexts },
  couponRules: { welcome: null, birthday: null, rankUp: [] },
  stampCard: { enabled: false, stampsPerCard: 10, rewardCouponId: null, onePerDay: true },
  retention: {
    deliveriesDays: 90,
    webhookEventsDays: 30,
    cardScansDays: 7,
    linkAttemptsDays: 30,
    accountLinkNoncesDays: 7,
    staffInvitesDays: 30,
    redeemApprovalsDays: 30,
    cartsDays: 90,
  },
}

/**
 * The one answer to "which time zone": the store's own zone (`stores.time_zone`, its override) when a store is
 * involved, else the shop's (`shop.timeZone` in settings), else TIME_ZONE of the environment. Daily earn caps, receipts,
 * reminders and quiet hours, expiry dates, birthdays, the dashboard's days and campaign schedules all ask it.
 */
export function timeZoneOf(
  settings: Pick<ShopSettings, 'shop'>,
  config: { timeZone: string },
  store?: { timeZone: string | null } | null,
): string {
  return store?.timeZone || settings.shop.timeZone || config.timeZone
}

/** The shop's time zone (`timeZoneOf` without a store), read now: for code without a shop context (`Shop.timeZone`). */
export async function loadTimeZone(db: Database, config: { timeZone: string }): Promise<string> {
  return timeZoneOf(await loadSettings(db), config)
}

/**
 * Settings are read on hot paths (every card), so a shop context keeps them for a few seconds (`SettingsStore`);
 * the console's changes (usecases/shop-setup.ts) drop that copy after saving, and other processes and Workers
 * isolates see a change within `settingsCacheMs` of the shop's clock.
 */
export const settingsCacheMs = 10_000

/** One shop's settings, kept by its context (server/shop.ts). */
export interface SettingsStore {
  load(): Promise<ShopSettings>
  /**
   * A store's receipt name and time zone (`checkoutStore`; null for no store), kept as the settings are: every
   * checkout at the till reads its store's.
   */
  store(id: number | null): Promise<CheckoutStore | null>
  /** Drops the kept copies: call after `saveSetting` or a store's change has been written. */
  invalidate(): void
}

/** Stores kept at most (a shop has tens). */
const keptStores = 1_000

export function createSettingsStore(db: Database, clock: Clock): SettingsStore {
  const kept = createCache<'settings', Promise<ShopSettings>>({ clock, ttlMs: settingsCacheMs })
  const stores = createCache<number, Promise<CheckoutStore | null>>({
    clock,
    ttlMs: settingsCacheMs,
    maxEntries: keptStores,
  })
  return {
    load: () => kept.get('settings', () => loadSettings(db)),
    store: async (id) => (id ? stores.get(id, () => checkoutStore(db, id)) : null),
    invalidate: () => {
      kept.invalidate()
      stores.invalidate()
    },
  }
}

/**
 * Current settings, read now (a shop context's `settings` keeps them); a stored value that no longer validates falls
 * back to the default for its key.
 */
export async function loadSettings(db: Database): Promise<ShopSettings> {
  const rows = await db.select().from(settings)
  const merged: Record<string, unknown> = { ...defaultSettings }
  for (const row of rows) {
    const field = shopSettingsSchema.shape[row.key as SettingsKey]
    if (!field) continue
    const parsed = field.safeParse(row.value)
    if (parsed.success) merged[row.key] = parsed.data
    else console.warn(`settings: stored "${row.key}" is invalid, using the default`)
  }
  return merged as ShopSettings
}

/** Saves one settings key (already validated by the caller's schema); the shop's `SettingsStore` must be invalidated after. */
export function saveSetting<K extends SettingsKey>(db: Database, key: K, value: ShopSettings[K], actor: string, now: Date) {
  return db
    .insert(settings)
    .values({ key, value, updatedBy: actor, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: actor, updatedAt: now } })
}

/** Saves the given settings keys (validated by the caller's schema) and one `settings.updated` audit entry, in one batch. */
export async function saveSettings(db: Database, changes: Partial<ShopSettings>, actor: string, now: Date) {
  const keys = Object.keys(changes) as SettingsKey[]
  const [first, ...rest] = keys.map((key) => saveSetting(db, key, changes[key] as ShopSettings[typeof key], actor, now))
  if (!first) return
  await db.batch([
    first,
    ...rest,
    audit(db, { actor, action: 'settings.updated', target: 'settings', detail: changes }, now.getTime()),
  ])
}
