import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadLineSpec, type LineSpecName } from '../../../server/sandbox/line-openapi/load-spec'
import { runSetup } from '../../../server/setup/run-setup'
import { createTestApp, type TestApp } from '../../support/test-app'
import { wranglerStandIn } from '../../support/wrangler-stand-in'
import { setupLineEnv } from '../../support/setup-env'

const specs: LineSpecName[] = ['messaging-api', 'liff', 'channel-access-token']

/** The spec operation (`GET /v2/bot/info`) that a request's method and path are an instance of, or null. */
function operationOf(method: string, path: string): string | null {
  for (const name of specs) {
    for (const [template, item] of Object.entries(loadLineSpec(name).paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`)
      if (pattern.test(path) && method.toLowerCase() in (item as object)) return `${method} ${template}`
    }
  }
  return null
}

describe('the LINE endpoints npm run setup calls', () => {
  let t: TestApp
  let dir: string
  beforeEach(async () => {
    t = await createTestApp({ seed: false })
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-setup-endpoints-'))
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    rmSync(dir, { recursive: true, force: true })
    await t.close()
  })

  it('are each an operation of LINE’s OpenAPI specs, and the sandbox answers every one of them', async () => {
    const tomlPath = join(dir, 'wrangler.toml')
    copyFileSync('wrangler.toml', tomlPath)
    const wrangler = wranglerStandIn(tomlPath)
    const calls: { operation: string | null; request: string; status: number }[] = []
    const realFetch = globalThis.fetch
    // Watches the SDK's requests to the sandbox; each still goes through to it unchanged.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init)
      const request = new Request(input, init)
      const url = new URL(request.url)
      if (url.origin === t.config.line.apiBaseUrl) {
        const operation = operationOf(request.method, url.pathname)
        calls.push({ operation, request: `${request.method} ${url.pathname}`, status: response.status })
      }
      return response
    })
    const ok = await runSetup(
      {
        env: setupLineEnv(t.config.line),
        wranglerTomlPath: tomlPath,
        wrangler: wrangler.run,
        clock: () => t.clock.now,
      },
      { lang: 'en', build: () => Promise.resolve(), say: () => {}, nodeVersion: 'v22.12.0' },
    )
    wrangler.close()
    expect(ok).toBe(true)
    expect(calls.filter((c) => c.operation === null).map((c) => c.request)).toEqual([])
    // LINE answers 404 to the list of a channel with no LIFF app yet; nothing else may fail.
    const failed = calls.filter((c) => c.status >= 400 && c.operation !== 'GET /liff/v1/apps')
    expect(failed).toEqual([])
    expect(new Set(calls.map((c) => c.operation))).toEqual(
      new Set([
        'GET /v2/bot/info',
        'POST /oauth2/v3/token',
        'GET /liff/v1/apps',
        'POST /liff/v1/apps',
        'GET /v2/bot/channel/webhook/endpoint',
        'PUT /v2/bot/channel/webhook/endpoint',
        'POST /v2/bot/channel/webhook/test',
        'POST /v2/bot/richmenu',
        'POST /v2/bot/richmenu/{richMenuId}/content',
        'POST /v2/bot/user/all/richmenu/{richMenuId}',
      ]),
    )
  })
})
