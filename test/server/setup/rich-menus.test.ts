import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { messagingApi } from '@line/bot-sdk'
import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setUpRichMenus } from '../../../server/rich-menus/setup'
import type { SetupContext } from '../../../server/setup/context'
import { ensureD1 } from '../../../server/setup/d1'
import { richMenuConfig, richMenusInD1 } from '../../../server/setup/rich-menus'
import { createTestApp, type TestApp } from '../../support/test-app'
import { wranglerStandIn } from '../../support/wrangler-stand-in'
import { setupLineEnv } from '../../support/setup-env'

describe('richMenusInD1 (npm run richmenu:setup -- --d1=remote)', () => {
  let t: TestApp
  let dir: string
  let wrangler: ReturnType<typeof wranglerStandIn>
  let ctx: SetupContext
  beforeEach(async () => {
    t = await createTestApp({ seed: false })
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-richmenu-test-'))
    const tomlPath = join(dir, 'wrangler.toml')
    copyFileSync('wrangler.toml', tomlPath)
    wrangler = wranglerStandIn(tomlPath)
    wrangler.state.databases.set('tsunagu', '4b0c1a52-8e7d-4f7e-9d1b-2a3c4d5e6f70')
    ctx = { env: {}, wranglerTomlPath: tomlPath, wrangler: wrangler.run, clock: () => t.clock.now }
    await ensureD1(ctx)
  })
  afterEach(async () => {
    wrangler.close()
    rmSync(dir, { recursive: true, force: true })
    await t.close()
  })

  it('creates the menus anew each time, saves their ids in D1 and deletes the menus D1 named before', async () => {
    const { line } = t.config
    const config = richMenuConfig({
      ...setupLineEnv(line),
      LIFF_ID: '1660000001-AbCdEfGh',
    })
    const stored = async () =>
      JSON.parse(
        (await wrangler.d1.all<{ value: string }>(sql`SELECT value FROM settings WHERE key = 'richMenuIds'`))[0]!.value,
      ) as { guest: string; member: string }

    expect((await richMenusInD1(ctx, config, 'remote', setUpRichMenus)).changes).toEqual([
      expect.stringMatching(/^created rich menus guest \S+, member \S+ \(default: guest\), ids saved in D1$/),
    ])
    const first = await stored()
    await richMenusInD1(ctx, config, 'remote', setUpRichMenus)
    const second = await stored()
    expect(second.guest).not.toBe(first.guest)

    const messaging = new messagingApi.MessagingApiClient({
      channelAccessToken: line.channelAccessToken,
      baseURL: line.apiBaseUrl,
    })
    expect((await messaging.getRichMenuList()).richmenus.map((m) => m.richMenuId).sort()).toEqual(
      [second.guest, second.member].sort(),
    )
    expect(await richMenusInD1(ctx, config, 'remote')).toEqual({ changes: [] })
  })
})
