import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { demo } from '../../../db/seed'
import { lineAccounts, members, reminderRules } from '../../../db/schema'
import { signCardToken } from '../../../server/domain/card-token'
import type { MessageLocale } from '../../../server/domain/message-locale'
import { runScheduledJobs } from '../../../server/jobs'
import { defaultSettings } from '../../../server/data/settings'
import { personaByKey } from '../../../server/sandbox/personas'
import { defineCoupon } from '../../support/coupons'
import { registrationForm } from '../../support/registration'
import { bearer, createTestApp, json, type TestApp } from '../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)
const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

/** Names, the same in either language: the demo shop's (shop, member, store, menu, its rank labels) and LINE. */
const properNames = [
  'Tsunagu デモショップ',
  '山田 花子',
  '佐藤 一郎',
  '渋谷店',
  'カット＋カラー',
  'ゴールド',
  'シルバー',
  'LINE',
]

/** What a person reads in a message: every text, alt text, button label and display text, nothing else (no URIs). */
function readable(message: unknown): string[] {
  if (Array.isArray(message)) return message.flatMap(readable)
  if (!message || typeof message !== 'object') return []
  return Object.entries(message).flatMap(([key, value]) =>
    typeof value === 'string'
      ? ['text', 'altText', 'label', 'displayText'].includes(key)
        ? [value]
        : []
      : readable(value),
  )
}

/** Words of the other language in a text, once URLs, proper names and the points unit are taken out. */
function otherLanguage(text: string, locale: MessageLocale): string[] {
  let rest = text.replace(/https?:\/\/\S+/g, ' ')
  for (const name of properNames) rest = rest.replaceAll(name, ' ')
  if (locale === 'en') return rest.match(/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー「」。、]+/gu) ?? []
  return rest.replace(/(?<![A-Za-z])pt(?![A-Za-z])/g, ' ').match(/[A-Za-z]+/g) ?? []
}

describe.each(['ja', 'en'] as const)('messages to a member whose language is %s', (locale) => {
  let t: TestApp
  afterEach(() => t.close())

  /** The demo shop at `now`, the customer signed in from a LIFF app in `locale` (which records their language). */
  async function start(now: string) {
    t = await createTestApp({ now: jst(now) })
    const { idToken } = await t.login.issueIdToken(customer.lineUserId)
    expect((await t.app.request('/api/session', json({ idToken, language: locale }))).status).toBe(200)
  }
  /** Runs the scheduled jobs at `now` (as the cron or Node's interval does); the outbox is drained to the sandbox. */
  async function jobsAt(now: string, schedule: 'frequent' | 'daily' = 'frequent') {
    t.clock.now = jst(now)
    await runScheduledJobs(t.deps, t.clock.now, schedule)
  }
  /** The readable text of each message in the user's sandbox inbox, oldest first; the inbox is emptied. */
  function inbox(userId = customer.lineUserId): string[] {
    const delivered = t.sandbox.messaging.record.inbox.get(userId) ?? []
    t.sandbox.messaging.record.inbox.delete(userId)
    return delivered.map((m) => readable(m.message).join('\n'))
  }
  /** The one message in the inbox containing `marker`, checked to hold no word of the other language. */
  function theOne(messages: string[], marker: string): string {
    const found = messages.filter((m) => m.includes(marker))
    expect(found, `one message with ${marker} in ${JSON.stringify(messages)}`).toHaveLength(1)
    expect(otherLanguage(found[0]!, locale)).toEqual([])
    return found[0]!
  }
  const pick = <T>(ja: T, en: T) => (locale === 'ja' ? ja : en)

  it('sends the expiry notice and the monthly balance notice in that language', async () => {
    await start('2026-11-23T12:00:00')
    await t.db.insert(reminderRules).values({ kind: 'balance_notice', offset: 1 })
    await jobsAt('2026-12-01T10:00:00', 'daily')
    // With the day's reservation reminder (reservation-reminder.ts, in the member's language since stop 20).
    const messages = inbox()
    expect(messages).toHaveLength(3)
    const expiry = theOne(messages, '900pt')
    expect(expiry).toContain(
      pick(
        '山田 花子様、900ptが2026年12月13日(日)に有効期限を迎えます。',
        'Dear 山田 花子, 900pt of your points expire on Sun, December 13, 2026.',
      ),
    )
    expect(expiry).toContain(pick('会員証を開く: ', 'Open your member card: '))
    const balance = theOne(messages, '1,700pt')
    expect(balance).toContain(
      pick('12月のポイント残高は 1,700pt です。', 'your point balance for December is 1,700pt.'),
    )
  })

  it('sends the welcome coupon of a registration in the language the app registered in', async () => {
    t = await createTestApp({ now: jst('2026-11-23T12:00:00') })
    const coupon = await defineCoupon(t.db, { title: 'カット＋カラー' })
    await t.changeSetting('couponRules', { ...defaultSettings.couponRules, welcome: coupon.id })
    const { lineUserId: _, ...form } = await registrationForm(t.db, newcomer.lineUserId, true)
    const body = { ...form, name: '佐藤 一郎', agreed: true, language: locale }
    const auth = bearer(await t.signIn('newcomer')).headers
    const res = await t.app.request('/api/register', { ...json(body), headers: { ...json(body).headers, ...auth } })
    expect(res.status).toBe(201)
    const { memberNumber } = (await res.json()).member
    const member = await t.db.query.members.findFirst({ where: eq(members.memberNumber, memberNumber) })
    expect(member?.language).toBe(locale)
    await jobsAt('2026-11-23T12:01:00')
    const welcome = theOne(inbox(newcomer.lineUserId), 'カット＋カラー')
    expect(welcome).toContain(pick('クーポンが届きました', 'You have a new coupon'))
  })

  it('announces a rank going down (daily refresh) and up again (checkout) in that language', async () => {
    await start('2026-11-23T12:00:00')
    // By 20 Dec the 80,000-yen purchase of last December has left the 12 months: gold becomes silver.
    await jobsAt('2026-12-20T10:00:00', 'daily')
    const down = theOne(inbox(), 'シルバー')
    expect(down).toContain(
      pick(
        '山田 花子様、会員ランクが「ゴールド」から「シルバー」に変わりました。',
        'Dear 山田 花子, your membership rank has changed from "ゴールド" to "シルバー".',
      ),
    )

    const staff = await t.signIn('staff')
    const cardToken = (await signCardToken(t.config.cardKeys, demo.customerMemberId, t.clock.now)).value
    const earn = await t.app.request(
      '/api/staff/checkout/earn',
      json({ cardToken, purchaseAmount: 50_000, idempotencyKey: crypto.randomUUID() }, bearer(staff).headers),
    )
    expect(earn.status).toBe(200)
    await jobsAt('2026-12-20T10:05:00')
    const messages = inbox()
    const up = theOne(messages, 'ゴールド')
    expect(up).toContain(
      pick(
        '山田 花子様、おめでとうございます！会員ランクが「ゴールド」になりました。',
        'Congratulations, 山田 花子! Your membership rank is now "ゴールド".',
      ),
    )
    // The checkout's receipt, in the same language.
    expect(messages).toHaveLength(2)
    expect(otherLanguage(messages.find((m) => m !== up)!, locale)).toEqual([])
  })

  it('tells the customer of a cancelled reservation, with the rebook button, in that language', async () => {
    await start('2026-11-23T12:00:00')
    await t.changeSetting('messaging', { ...defaultSettings.messaging, rebookUrl: 'https://example.com/book' })
    const admin = await t.signIn('admin')
    expect(
      (await t.app.request('/api/admin/reservations/1/cancel', json(undefined, bearer(admin).headers))).status,
    ).toBe(200)
    await jobsAt('2026-11-23T12:01:00')
    const delivered = t.sandbox.messaging.record.inbox.get(customer.lineUserId) ?? []
    expect(JSON.stringify(delivered.map((m) => m.message))).toContain(
      `{"type":"uri","label":"${pick('予約し直す', 'Book again')}","uri":"https://example.com/book"}`,
    )
    const notice = theOne(inbox(), '渋谷店')
    expect(notice).toContain(
      pick(
        'ご予約キャンセルのお知らせ: 2026年11月24日(火) 18:00 渋谷店',
        'Your reservation was cancelled: Tue, November 24, 2026 18:00 渋谷店',
      ),
    )
    expect(notice).toContain(
      pick('ご都合のよい日時で改めてご予約いただけます。', 'You are welcome to book another date and time.'),
    )
  })

  /** Sends a webhook event from the sandbox and returns the replies the user got. */
  async function replies(send: () => Promise<Response>, userId = customer.lineUserId): Promise<string[]> {
    t.sandbox.messaging.record.inbox.delete(userId)
    expect((await send()).status).toBe(200)
    await t.settle()
    return (t.sandbox.messaging.record.inbox.get(userId) ?? [])
      .filter((m) => m.kind === 'reply')
      .map((m) => {
        const text = readable(m.message).join('\n')
        expect(otherLanguage(text, locale)).toEqual([])
        return text
      })
  }

  it('answers keywords and other messages in that language', async () => {
    await start('2026-11-23T12:00:00')
    const say = (text: string) => replies(() => t.sandbox.webhook.text(customer.lineUserId, text))
    expect(await say(pick('ポイント', 'points'))).toEqual([
      expect.stringContaining(
        pick('山田 花子様のポイント残高は 1,700pt です。', 'Dear 山田 花子, your point balance is 1,700pt.'),
      ),
    ])
    expect(await say(pick('会員証', 'card'))).toEqual([
      `${pick('会員証はこちらから開けます。', 'Open your member card here:')}\n${t.config.publicUrl}/`,
    ])
    expect(await say(pick('予約', 'reservation'))).toEqual([
      pick(
        '次回のご予約\n2026年11月24日(火) 18:00\n渋谷店・2名・カット＋カラー',
        'Your next reservation\nTue, November 24, 2026 18:00\n渋谷店 · 2 people · カット＋カラー',
      ),
    ])
    expect(await say(pick('こんにちは', 'hello'))).toEqual([
      expect.stringContaining(pick('「ポイント」「会員証」「予約」と送ると', 'Send "points", "card" or "reservation"')),
    ])
  })

  it('answers the reminder’s Confirm and Cancel buttons in that language', async () => {
    await start('2026-11-23T12:00:00')
    const tap = (data: string) => replies(() => t.sandbox.webhook.postback(customer.lineUserId, data))
    expect(await tap('reservation:confirm:1')).toEqual([
      pick(
        'ご予約を確定しました。ご来店をお待ちしております。',
        'Your reservation is confirmed. We look forward to seeing you.',
      ),
    ])
    expect(await tap('reservation:confirm:1')).toEqual([
      pick('このご予約はすでに確定済みです。', 'This reservation is already confirmed.'),
    ])
    expect(await tap('reservation:cancel:1')).toEqual([
      pick(
        'ご予約をキャンセルしました。またのご予約をお待ちしております。',
        'Your reservation has been cancelled. We hope to see you another time.',
      ),
    ])
    expect(await tap('reservation:confirm:1')).toEqual([
      pick(
        'このご予約はキャンセル済みのため確定できません。店舗までお問い合わせください。',
        'This reservation was cancelled and cannot be confirmed. Please contact the store.',
      ),
    ])
    expect(await tap('reservation:cancel:3')).toEqual([
      pick('ご予約が見つかりませんでした。', 'We could not find this reservation.'),
    ])
  })

  describe('a friend who is not a member yet', () => {
    /** The demo shop, with the newcomer's LINE profile in `locale`. */
    async function startWithProfile(language: string | undefined) {
      t = await createTestApp({ now: jst('2026-11-23T12:00:00') })
      const profile = t.sandbox.messaging.record.users.get(newcomer.lineUserId)!
      t.sandbox.messaging.record.users.set(newcomer.lineUserId, { ...profile, language })
    }

    it('is answered in the language of their LINE profile', async () => {
      await startWithProfile(locale === 'en' ? 'en-US' : 'ja')
      const say = (text: string) =>
        replies(() => t.sandbox.webhook.text(newcomer.lineUserId, text), newcomer.lineUserId)
      expect(await say(pick('ポイント', 'points'))).toEqual([
        expect.stringContaining(
          pick('まだ会員情報と連携されていません。', 'Your LINE account is not linked to a membership yet.'),
        ),
      ])
      const tap = await replies(
        () => t.sandbox.webhook.postback(newcomer.lineUserId, 'reservation:confirm:3'),
        newcomer.lineUserId,
      )
      expect(tap).toEqual([
        expect.stringContaining(pick('会員情報との連携が必要です。', 'Please link your membership first')),
      ])
    })

    it('is told in that language that LINE’s account-link dialog linked their membership', async () => {
      await startWithProfile(locale === 'en' ? 'en' : 'ja-JP')
      const start = await t.app.request('/api/account-link', { method: 'POST', ...bearer(await t.signIn('newcomer')) })
      const page = new URL((await start.json()).url)
      const login = await t.app.request('/account-link/login', {
        method: 'POST',
        body: new URLSearchParams({
          ticket: page.searchParams.get('ticket')!,
          memberNumber: demo.unlinkedMemberNumber,
          birthday: demo.unlinkedBirthday,
        }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      const nonce = new URL(login.headers.get('location')!).searchParams.get('nonce')!
      await t.sandbox.webhook.accountLink(newcomer.lineUserId, 'ok', nonce)
      await t.settle()
      const account = await t.db.query.lineAccounts.findFirst({
        where: eq(lineAccounts.lineUserId, newcomer.lineUserId),
      })
      expect(account?.memberId).toBe(demo.unlinkedMemberId)
      await jobsAt('2026-11-23T12:01:00')
      const linked = theOne(inbox(newcomer.lineUserId), pick('会員証', 'member card'))
      expect(linked).toBe(
        pick(
          '会員証との連携が完了しました\n会員証とLINEの連携が完了しました。\n会員証を開く',
          'Your membership is linked\nYour membership is now linked to LINE.\nOpen member card',
        ),
      )
    })
  })
})

describe('a friend whose LINE profile has no language (no consent to LINE’s privacy policy yet)', () => {
  it('is answered in Japanese', async () => {
    const t = await createTestApp({ now: jst('2026-11-23T12:00:00') })
    try {
      const profile = t.sandbox.messaging.record.users.get(newcomer.lineUserId)!
      t.sandbox.messaging.record.users.set(newcomer.lineUserId, { ...profile, language: undefined })
      expect((await t.sandbox.webhook.text(newcomer.lineUserId, 'points')).status).toBe(200)
      await t.settle()
      const [answer] = t.sandbox.messaging.record.inbox.get(newcomer.lineUserId) ?? []
      expect(String(answer?.message.text)).toContain('まだ会員情報と連携されていません。')
    } finally {
      await t.close()
    }
  })
})
