import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { liff, messagingApi } from '@line/bot-sdk'
import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SetupContext } from '../../../server/setup/context'
import { loginChannelToken } from '../../../server/setup/liff-app'
import { runSetup } from '../../../server/setup/run-setup'
import { SetupError } from '../../../server/setup/setup-error'
import { createTestApp, type TestApp } from '../../support/test-app'
import { wranglerStandIn } from '../../support/wrangler-stand-in'
import { setupLineEnv } from '../../support/setup-env'

const publicUrl = 'https://members.example-shop.jp'

describe('runSetup against the LINE sandbox and a wrangler stand-in', () => {
  let t: TestApp
  let dir: string
  let tomlPath: string
  let wrangler: ReturnType<typeof wranglerStandIn>
  let builds: number
  beforeEach(async () => {
    t = await createTestApp({ seed: false })
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-setup-test-'))
    tomlPath = join(dir, 'wrangler.toml')
    copyFileSync('wrangler.toml', tomlPath)
    wrangler = wranglerStandIn(tomlPath)
    builds = 0
  })
  afterEach(async () => {
    wrangler.close()
    rmSync(dir, { recursive: true, force: true })
    await t.close()
  })

  const lineEnv = () => setupLineEnv(t.config.line, publicUrl)

  async function setup(env: Record<string, string | undefined> = lineEnv()) {
    const lines: string[] = []
    const ctx: SetupContext = { env, wranglerTomlPath: tomlPath, wrangler: wrangler.run, clock: () => t.clock.now }
    const done = await runSetup(ctx, {
      lang: 'en',
      build: () => Promise.resolve(void builds++),
      say: (line) => lines.push(line),
      nodeVersion: 'v22.12.0',
    })
    return { done, out: lines.join('\n') }
  }

  const storedRichMenus = async () =>
    (await wrangler.d1.all<{ value: string }>(sql`SELECT value FROM settings WHERE key = 'richMenuIds'`))[0]?.value

  it('takes a fresh checkout live, then changes nothing when run again', async () => {
    const original = readFileSync(tomlPath, 'utf8')
    const first = await setup()
    expect(first.out).not.toMatch(/stopped|Fix these/)
    expect(first.done).toBe(true)

    const id = wrangler.state.databases.get('tsunagu')!
    const toml = readFileSync(tomlPath, 'utf8')
    expect(toml).toBe(
      original
        .replace(/database_id = "[^"]*"/, `database_id = "${id}"`)
        .replace(/PUBLIC_URL = "[^"]*"/, `PUBLIC_URL = "${publicUrl}"`),
    )
    expect(first.out).toMatch(/npx wrangler d1 time-travel restore tsunagu --bookmark=\S+/)

    const token = await loginChannelToken(
      t.config.line.apiBaseUrl,
      t.config.line.loginChannelId,
      t.config.line.loginChannelSecret,
    )
    const apps = (
      await new liff.LiffClient({ channelAccessToken: token, baseURL: t.config.line.apiBaseUrl }).getAllLIFFApps()
    ).apps!
    expect(apps.map((a) => a.view?.url)).toEqual([publicUrl])
    const liffId = apps[0]!.liffId!

    expect(wrangler.state.bulkCalls).toBe(1)
    const secrets = wrangler.state.secrets
    expect([...secrets.keys()].sort()).toEqual([
      'CARD_TOKEN_KEYS',
      'LIFF_ID',
      'LINE_CHANNEL_ACCESS_TOKEN',
      'LINE_CHANNEL_SECRET',
      'LINE_LOGIN_CHANNEL_ID',
      'LINE_LOGIN_CHANNEL_SECRET',
      'SESSION_SECRET',
    ])
    expect(secrets.get('CARD_TOKEN_KEYS')).toMatch(/^k1:[A-Za-z0-9_-]{43,}$/)
    expect(secrets.get('SESSION_SECRET')!.length).toBeGreaterThanOrEqual(32)
    expect(secrets.get('LIFF_ID')).toBe(liffId)
    for (const name of ['CARD_TOKEN_KEYS', 'SESSION_SECRET', 'LINE_CHANNEL_SECRET', 'LINE_LOGIN_CHANNEL_SECRET']) {
      expect(first.out).not.toContain(secrets.get(name))
    }

    expect(builds).toBe(1)
    expect(wrangler.state.deploys).toBe(1)
    expect(t.sandbox.webhook.endpoint.url).toBe(`${publicUrl}/webhook/line`)
    expect(first.out).toContain("LINE's webhook test: 200 OK")

    const ids = JSON.parse((await storedRichMenus())!) as { guest: string; member: string }
    const messaging = new messagingApi.MessagingApiClient({
      channelAccessToken: t.config.line.channelAccessToken,
      baseURL: t.config.line.apiBaseUrl,
    })
    expect((await messaging.getRichMenu(ids.guest)).richMenuId).toBe(ids.guest)
    expect((await messaging.getDefaultRichMenuId()).richMenuId).toBe(ids.guest)

    expect(first.out).toMatch(new RegExp(`https://liff\\.line\\.me/${liffId}/staff/join\\?code=\\S+`))
    expect(first.out).toContain('Publish the LINE Login channel')
    expect(first.out).toContain(`https://developers.line.biz/console/channel/${t.config.line.loginChannelId}`)

    const again = await setup()
    expect(again.done).toBe(true)
    expect(again.out).not.toMatch(/^\s+\+ /m)
    expect(again.out.match(/\(no changes\)/g)).toHaveLength(9)
    expect(readFileSync(tomlPath, 'utf8')).toBe(toml)
    expect([wrangler.state.bulkCalls, wrangler.state.deploys, builds]).toEqual([1, 1, 1])
    expect(JSON.parse((await storedRichMenus())!)).toEqual(ids)
  })

  it('deploys on the run after one that changed wrangler.toml and stopped before its deploy', async () => {
    expect((await setup()).done).toBe(true)
    const moved = { ...lineEnv(), PUBLIC_URL: 'https://members2.example-shop.jp' }
    const failing = await runSetup(
      { env: moved, wranglerTomlPath: tomlPath, wrangler: wrangler.run, clock: () => t.clock.now },
      {
        lang: 'en',
        build: () => Promise.reject(new SetupError('vite build --mode line failed (exit 1)')),
        say: () => {},
        nodeVersion: 'v22.12.0',
      },
    )
    expect(failing).toBe(false)
    expect(wrangler.state.deploys).toBe(1)

    const again = await setup(moved)
    expect(again.done).toBe(true)
    expect(again.out).toMatch(/■ PUBLIC_URL\n\s+\(no changes\)/)
    expect(again.out).toContain('+ built the app (vite build --mode line) and deployed the Worker')
    expect(wrangler.state.deploys).toBe(2)
    expect((await setup(moved)).out).not.toMatch(/^\s+\+ /m)
    expect(wrangler.state.deploys).toBe(2)
  })

  it('stops before changing anything when LINE refuses the channel access token', async () => {
    const { done, out } = await setup({ ...lineEnv(), LINE_CHANNEL_ACCESS_TOKEN: 'wrong' })
    expect(done).toBe(false)
    expect(out).toMatch(/^Fix these before the setup can run:\n- LINE refused: 401/)
    expect(wrangler.state.databases.size).toBe(0)
    expect(readFileSync(tomlPath, 'utf8')).toBe(readFileSync('wrangler.toml', 'utf8'))
  })

  it('stops at a failed webhook test, before the rich menus and the invite', async () => {
    // The server answers 404 at /elsewhere/webhook/line, so LINE's test of it fails.
    const { done, out } = await setup({ ...lineEnv(), PUBLIC_URL: `${publicUrl}/elsewhere` })
    expect(done).toBe(false)
    expect(out).toMatch(/Setup stopped \(nothing further was changed\):\n\s+LINE's webhook test of \S+ failed: 404/)
    expect(wrangler.state.deploys).toBe(1)
    expect(await storedRichMenus()).toBeUndefined()
    const invites = await wrangler.d1.all(sql`SELECT id FROM staff_invites`)
    expect(invites).toEqual([])
    expect(out).not.toMatch(/Rich menus|First admin invite|liff\.line\.me/)
  })

  it('with WEBHOOK_OWNER = "other" leaves the other tool’s webhook URL alone, untested, and says so', async () => {
    const messaging = new messagingApi.MessagingApiClient({
      channelAccessToken: t.config.line.channelAccessToken,
      baseURL: t.config.line.apiBaseUrl,
    })
    const theirs = 'https://chatbot.example-vendor.jp/line/callback'
    await messaging.setWebhookEndpoint({ endpoint: theirs })
    writeFileSync(
      tomlPath,
      readFileSync(tomlPath, 'utf8').replace(/^LINE_SANDBOX = "off"$/m, '$&\nWEBHOOK_OWNER = "other"'),
    )

    // LINE's test of the other tool's URL would reach the server under test and fail there: none is made.
    const { done, out } = await setup()
    expect(done).toBe(true)
    expect(t.sandbox.webhook.endpoint.url).toBe(theirs)
    expect(out).toContain(`WEBHOOK_OWNER=other: the webhook URL is left as it is (${theirs})`)
    expect(out).toContain(`forwards them, unchanged and signed, to ${publicUrl}/webhook/line`)
    expect(out).not.toContain("LINE's webhook test")
    expect(out).not.toContain('add WEBHOOK_OWNER')
    expect(await storedRichMenus()).toBeDefined()

    // Said only in the environment, the Worker would not know: the setup asks for it in wrangler.toml too.
    writeFileSync(tomlPath, readFileSync(tomlPath, 'utf8').replace(/\nWEBHOOK_OWNER = "other"/, ''))
    const again = await setup({ ...lineEnv(), WEBHOOK_OWNER: 'other' })
    expect(again.done).toBe(true)
    expect(t.sandbox.webhook.endpoint.url).toBe(theirs)
    expect(again.out).toContain('add WEBHOOK_OWNER = "other" to [vars] in wrangler.toml')
  })

  it('on a LINE MINI App channel uses the given LIFF_ID, creates no LIFF app, and lists the console steps', async () => {
    const stopped = await setup({ ...lineEnv(), LINE_MINI_APP: 'on' })
    expect(stopped.out).toMatch(/A LINE MINI App's LIFF app is made in the console: set its endpoint URL to https:/)
    expect(stopped.out).not.toMatch(/Worker secrets/)

    const { done, out } = await setup({ ...lineEnv(), LINE_MINI_APP: 'on', LIFF_ID: '1660000001-miniApp1' })
    expect(done).toBe(true)
    expect(wrangler.state.secrets.get('LIFF_ID')).toBe('1660000001-miniApp1')
    expect(out).toContain('https://liff.line.me/1660000001-miniApp1/staff/join?code=')
    expect(out).toContain('In the LINE MINI App channel’s Web app settings')
    expect(out).not.toContain('Publish the LINE Login channel')
    const token = await loginChannelToken(
      t.config.line.apiBaseUrl,
      t.config.line.loginChannelId,
      t.config.line.loginChannelSecret,
    )
    const client = new liff.LiffClient({ channelAccessToken: token, baseURL: t.config.line.apiBaseUrl })
    await expect(client.getAllLIFFApps()).rejects.toMatchObject({ status: 404 })
  })
})
