// The app as tests use it: libsql :memory: migrated (from a template) and the demo shop, the sandbox login over loopback.
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { openLibsql } from '../../db/client'
import { seedDemoShop } from '../../db/seed'
import { createApp } from '../../server/app'
import { createShop, singleShop } from '../../server/shop'
import { loadConfig } from '../../server/config'
import { nodeClientAddress } from '../../server/client-address'
import { createCardViewCache } from '../../server/data/card-view-cache'
import { createStampWatch } from '../../server/data/data-watch'
import { saveSetting, type SettingsKey, type ShopSettings } from '../../server/data/settings'
import type { AppDeps } from '../../server/env'
import { createLinePlatform } from '../../server/line/platform'
import { setUpRichMenus } from '../../server/rich-menus/setup'
import { createMemoryRateLimiter } from '../../server/rate-limit/limiter'
import { createSandbox, serveSandboxMessagingApi } from '../../server/sandbox'
import { createLoginSandbox } from '../../server/sandbox/login'
import { personaByKey, type Persona } from '../../server/sandbox/personas'
import { checkContract, suiteContract } from './contract-check'
import { restoreMigrated } from './migrated-template'
import { serveOnLoopback } from './serve'

export interface TestClock {
  now: Date
  advance(ms: number): void
}

export async function createTestApp(
  options: { now?: Date; seed?: boolean; sandboxOnTestClock?: boolean } & Pick<AppDeps, 'log' | 'reportError'> = {},
) {
  const clock: TestClock = {
    now: options.now ?? new Date('2026-11-23T03:00:00Z'),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  const sandboxRoot = new Hono()
  const served = await serveOnLoopback((req) => sandboxRoot.fetch(req))
  const config = loadConfig({ LINE_SANDBOX: 'on', LINE_SANDBOX_URL: served.url })
  const login = await createLoginSandbox({
    issuer: config.line.idTokenIssuer,
    channelId: config.line.loginChannelId,
    now: () => clock.now.getTime(),
  })
  const sandbox = createSandbox({
    publicUrl: config.publicUrl,
    sandboxUrl: served.url,
    channelAccessToken: config.line.channelAccessToken,
    channelSecret: config.line.channelSecret,
    login,
    // The Messaging API sandbox keeps real time unless the test asks it to follow the test clock (its insight delay).
    ...(options.sandboxOnTestClock ? { now: () => clock.now.getTime() } : {}),
    // Webhook events from the sandbox go straight into the app under test.
    fetch: (input, init) => Promise.resolve(app.request(input instanceof Request ? input : String(input), init)),
  })
  sandboxRoot.route('/', sandbox.app)
  serveSandboxMessagingApi(sandboxRoot, sandbox)

  const database = openLibsql(':memory:')
  // What migrateLibsql leaves, copied from a template migrated once (test/db/migrated-template.test.ts).
  await restoreMigrated(database.db)
  if (options.seed !== false) await seedDemoShop(database.db, clock.now)
  const pending: Promise<unknown>[] = []
  const wired: AppDeps = {
    config,
    db: database.db,
    line: createLinePlatform(config.line, () => clock.now),
    clock: () => clock.now,
    background: (work) => void pending.push(work),
    // As on the Node server; requests count per client only when the test gives them a socket (`fromAddress`).
    rateLimiter: createMemoryRateLimiter(() => clock.now),
    clientAddress: nodeClientAddress(),
    // As on the Node server: every route test reads cards through the cache, so a write it misses shows.
    cardViews: createCardViewCache(database.dataStamp!),
    dataWatch: createStampWatch(database.dataStamp!),
    groupCommit: true,
    // No access log unless the test reads it.
    log: options.log,
    reportError: options.reportError,
  }
  // The shop context the app serves: tests reach its settings and caches as a request's handlers do.
  const deps = createShop(wired)
  const app = createApp(wired, singleShop(deps))
  checkContract(app, suiteContract)

  async function signIn(key: Persona['key'] | { lineUserId: string }): Promise<string> {
    const lineUserId = typeof key === 'string' ? personaByKey(key)!.lineUserId : key.lineUserId
    const { idToken } = await login.issueIdToken(lineUserId)
    const res = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken }),
    })
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
    return ((await res.json()) as { token: string }).token
  }

  return {
    app,
    deps,
    db: database.db,
    config,
    login,
    sandbox,
    clock,
    signIn,
    /** Saves a shop setting as the console does (usecases/shop-setup.ts): written, then the kept settings dropped. */
    async changeSetting<K extends SettingsKey>(key: K, value: ShopSettings[K]) {
      await saveSetting(database.db, key, value, 'test', clock.now)
      deps.settings.invalidate()
    },
    settle: () => Promise.all(pending.splice(0)),
    close: async () => {
      // Background work a request started (a webhook's processing: the follow greeting's reply) ends before the
      // database closes, or it fails on a closed client after the test.
      await Promise.allSettled(pending.splice(0))
      await served.close()
      database.close()
    },
  }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** A test app made by `setUp` and closed by `tearDown`: the same object, filled in again each time it is made. */
function testAppBetween(
  setUp: (fn: () => Promise<void>) => void,
  tearDown: (fn: () => Promise<void>) => void,
  options?: Parameters<typeof createTestApp>[0],
): TestApp {
  const t = {} as TestApp
  let started = false
  setUp(async () => {
    Object.assign(t, await createTestApp(options))
    started = true
  })
  tearDown(async () => {
    if (started) await t.close()
    started = false
  })
  return t
}

/**
 * One test app for the enclosing `describe` block (or file): created before its tests, closed after them. The object
 * is filled in once the app exists, so tests use it as the app itself.
 */
export const testAppPerSuite = (options?: Parameters<typeof createTestApp>[0]) =>
  testAppBetween(beforeAll, afterAll, options)

/** A fresh test app for each test of the enclosing block, closed after it (the same object, refilled each time). */
export const testAppPerTest = (options?: Parameters<typeof createTestApp>[0]) =>
  testAppBetween(beforeEach, afterEach, options)

/** A test app whose rich menus are set up in the LINE sandbox: the app and the menus' ids. */
export async function testAppWithRichMenus(options?: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(options)
  return { t, menus: await setUpRichMenus(t.deps) }
}

/** A test app with `persona` signed in: the app and the session token (for a block's `beforeAll`). */
export async function signedInTestApp(persona: Persona['key'], options?: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(options)
  return { t, session: await t.signIn(persona) }
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

/** The third argument of `app.request()` that makes a request come from `address`, as @hono/node-server passes it. */
export const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })

/** The `app.request()` options of a `method` request with `token`'s bearer and, when there is one, a JSON body. */
export const bearerRequest = (method: string, token: string, body?: unknown): RequestInit => ({
  method,
  headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
})
