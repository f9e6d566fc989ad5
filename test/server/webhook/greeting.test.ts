import { describe, expect, it } from 'vitest'
import { saveSetting, defaultSettings } from '../../../server/data/settings'
import { personaByKey } from '../../../server/sandbox/personas'
import { testAppPerTest } from '../../support/test-app'

const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

describe('the greeting replied to a follow', () => {
  const t = testAppPerTest({ now: new Date('2026-11-23T12:00:00+09:00') })

  /** The texts replied to `userId` (the sandbox accepted each request against LINE's OpenAPI contract). */
  const replies = (userId: string) =>
    (t.sandbox.messaging.record.inbox.get(userId) ?? [])
      .filter((m) => m.kind === 'reply')
      .map((m) => String(m.message.text))
  async function follow(userId: string, isUnblocked = false) {
    expect((await t.sandbox.webhook.follow(userId, isUnblocked)).status).toBe(200)
    await t.settle()
  }

  it('invites a new friend to register or link, with the LIFF link and the menu, in one reply', async () => {
    await follow(newcomer.lineUserId)
    const [greeting, ...rest] = replies(newcomer.lineUserId)
    expect(rest).toEqual([])
    expect(greeting).toContain('会員登録')
    expect(greeting).toContain('メニュー')
    expect(greeting).toContain(`${t.config.publicUrl}/`)
    expect(t.sandbox.messaging.record.requests.filter((r) => r.kind === 'reply')).toHaveLength(1)
  })

  it('greets an unblocked friend differently, and in the LINE profile’s language', async () => {
    t.sandbox.messaging.record.users.set(newcomer.lineUserId, {
      userId: newcomer.lineUserId,
      displayName: 'Ken',
      language: 'en',
    })
    await follow(newcomer.lineUserId)
    await follow(newcomer.lineUserId, true)
    const [first, back] = replies(newcomer.lineUserId)
    expect(first).toContain('Thank you for adding us')
    expect(back).toContain('Welcome back, and thank you for unblocking us')
    expect(back).not.toBe(first)
  })

  it('welcomes back a friend who is already a linked member, by name', async () => {
    await follow(customer.lineUserId, true)
    expect(replies(customer.lineUserId)).toEqual([expect.stringContaining('山田 花子様、おかえりなさい')])
  })

  it('leaves the greeting to another bot that shares the account', async () => {
    t.deps.config = { ...t.config, webhookOwner: 'other' }
    await follow(newcomer.lineUserId)
    expect(replies(newcomer.lineUserId)).toEqual([])
  })

  it('uses the admin’s texts, and sends nothing when switched off', async () => {
    const texts = {
      ...defaultSettings.greeting.texts,
      ja: { ...defaultSettings.greeting.texts.ja, newFriend: 'ようこそ！' },
    }
    await saveSetting(t.db, 'greeting', { enabled: true, texts }, 'test', t.clock.now)
    await follow(newcomer.lineUserId)
    expect(replies(newcomer.lineUserId)).toEqual([`ようこそ！\n${t.config.publicUrl}/`])
    await saveSetting(t.db, 'greeting', { enabled: false, texts }, 'test', t.clock.now)
    await follow(newcomer.lineUserId, true)
    expect(replies(newcomer.lineUserId)).toHaveLength(1)
  })
})
