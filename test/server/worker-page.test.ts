import { describe, expect, it, vi } from 'vitest'
import type { Config } from '../../server/config'
import { isAppPage, serveAppPage, type AssetsFetcher } from '../../server/worker-page'
import { createTestApp } from '../support/test-app'

const config = {
  sandbox: false,
  shopName: '渋谷店',
  timeZone: 'Asia/Tokyo',
  line: { liffId: '1234567890-AbCdEfGh' },
} as unknown as Config
const html =
  '<!doctype html><head><link rel="preload" href="/api/config" as="fetch" crossorigin="anonymous" /></head><body></body>'

function assets(res: () => Response): AssetsFetcher & { fetch: ReturnType<typeof vi.fn> } {
  return { fetch: vi.fn(async () => res()) }
}

describe('Worker pages', () => {
  it('leave every GET route of the Hono app to the app (a new server-rendered page fails here until listed)', async () => {
    const t = await createTestApp()
    try {
      const paths = t.app.routes
        .filter((r) => r.method === 'GET' && !r.path.includes('*'))
        .map((r) => r.path.replace(/:[A-Za-z]+/g, '1'))
      expect(paths).toEqual(expect.arrayContaining(['/api/card', '/healthz', '/legal/terms', '/account-link/login']))
      const taken = paths.filter((path) => isAppPage(new Request(`https://shop.example${path}`)))
      expect(taken).toEqual([])
    } finally {
      await t.close()
    }
  })

  it('are every GET but the Hono app’s own paths', () => {
    const req = (path: string, method = 'GET') => new Request(`https://shop.example${path}`, { method })
    for (const path of ['/', '/?persona=x', '/settings', '/admin/members/3', '/staff', '/index.html', '/account-link'])
      expect(isAppPage(req(path))).toBe(true)
    for (const path of [
      '/api/card',
      '/api',
      '/webhook/line',
      '/sandbox/inbox',
      '/healthz',
      '/legal/terms',
      '/legal/privacy',
      '/account-link/login',
    ])
      expect(isAppPage(req(path))).toBe(false)
    expect(isAppPage(req('/', 'POST'))).toBe(false)
  })

  it('answer index.html from the assets with the public config in it, never as a 304', async () => {
    const binding = assets(
      () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"' } }),
    )
    const request = new Request('https://shop.example/settings', {
      headers: { 'if-none-match': '"abc"', 'sec-fetch-mode': 'navigate' },
    })
    const res = await serveAppPage(request, binding, config)
    const sent = binding.fetch.mock.calls[0]![0] as Request
    expect(sent.url).toBe('https://shop.example/settings')
    expect(sent.headers.get('if-none-match')).toBeNull()
    expect(sent.headers.get('sec-fetch-mode')).toBe('navigate')
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBeNull()
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const page = await res.text()
    expect(page).not.toContain('/api/config')
    expect(page).toContain(
      '<script id="app-config" type="application/json">{"sandbox":false,"liffId":"1234567890-AbCdEfGh","shopName":"渋谷店","timeZone":"Asia/Tokyo"}</script>',
    )
  })

  it('pass anything that is not HTML through untouched', async () => {
    const file = new Response('icon', { headers: { 'content-type': 'image/x-icon', etag: '"i"' } })
    const res = await serveAppPage(
      new Request('https://shop.example/favicon.ico'),
      assets(() => file),
      config,
    )
    expect(res).toBe(file)
  })
})
