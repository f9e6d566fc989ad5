import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Config } from '../../server/config'
import { serveAppPage } from '../../server/worker-page'
import { appPageHeaders } from '../../server/security-headers'
import { bearer, createTestApp } from '../support/test-app'

const launch = '\n      ;(function () { window.__launched = true })()\n    '
const html = `<!doctype html><head><script>${launch}</script><script id="app-config" type="application/json">{"a":1}</script><script type="module" crossorigin src="/assets/index.js"></script></head><body></body>`
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
const real = { sandbox: false, sandboxUrl: 'https://shop.example/sandbox' }

/** The CSP as directive → sources. */
function csp(headers: Record<string, string> | Headers): Record<string, string[]> {
  const value = headers instanceof Headers ? headers.get('content-security-policy') : headers['Content-Security-Policy']
  expect(value).toEqual(expect.any(String))
  return Object.fromEntries(value!.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]))
}

describe('appPageHeaders', () => {
  it('allows the inline launch script by the hash of the page as served, and no other inline script', async () => {
    const policy = csp(await appPageHeaders(html, '/', real))
    expect(policy['script-src']).toEqual(["'self'", sha256(launch), 'https://static.line-scdn.net'])
    expect(policy['script-src']).not.toContain(sha256('{"a":1}'))
    const changed = csp(await appPageHeaders(html.replace('true', 'false'), '/', real))
    expect(changed['script-src']).toContain(sha256(launch.replace('true', 'false')))
  })

  it('lets LIFF reach LINE, keeps every page unframeable, and widens only the staff and admin pages', async () => {
    const card = csp(await appPageHeaders(html, '/', real))
    expect(card['connect-src']).toEqual(
      expect.arrayContaining([
        "'self'",
        'https://api.line.me',
        'https://access.line.me',
        'https://liffsdk.line-scdn.net',
      ]),
    )
    expect(card['img-src']).toEqual(expect.arrayContaining(["'self'", 'data:', 'https://profile.line-scdn.net']))
    expect(card['img-src']).not.toContain('https:')
    expect(card['frame-ancestors']).toEqual(["'none'"])
    expect(card['script-src']).not.toContain("'unsafe-eval'")
    expect(csp(await appPageHeaders(html, '/staff', real))['script-src']).toContain("'unsafe-eval'")
    expect(csp(await appPageHeaders(html, '/admin/campaigns/1', real))['img-src']).toContain('https:')
    expect(csp(await appPageHeaders(html, '/admin', real))['frame-ancestors']).toEqual(["'none'"])
  })

  it('lets the sandbox build reach the sandbox only in sandbox mode', async () => {
    const sandbox = { sandbox: true, sandboxUrl: 'http://localhost:8788/sandbox' }
    expect(csp(await appPageHeaders(html, '/', sandbox))['connect-src']).toContain('http://localhost:8788')
    expect(csp(await appPageHeaders(html, '/', real))['connect-src']).not.toContain('https://shop.example')
  })

  it('is what the Worker sends with index.html, beside nosniff and no referrer', async () => {
    const config = { ...real, shopName: 's', timeZone: 'Asia/Tokyo', line: { liffId: 'x' } } as unknown as Config
    const assets = { fetch: async () => new Response(html, { headers: { 'content-type': 'text/html' } }) }
    const res = await serveAppPage(new Request('https://shop.example/admin'), assets, config)
    expect(csp(res.headers)['script-src']).toContain(sha256(launch))
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('security headers on the server’s own pages and answers', () => {
  it('sends a script-free policy with the legal pages, the account-link form and the sandbox pages', async () => {
    const t = await createTestApp()
    try {
      const pages = [
        await t.app.request('/legal/terms'),
        await t.app.request('/account-link/login?ticket=x'),
        await t.sandbox.app.request('/inbox'),
        await t.sandbox.app.request('/'),
      ]
      for (const res of pages) {
        expect(res.headers.get('content-type')).toMatch(/text\/html/)
        const policy = csp(res.headers)
        expect(policy['default-src']).toEqual(["'none'"])
        expect(policy['script-src']).toBeUndefined()
        expect(policy['script-src-attr'] ?? ["'unsafe-hashes'", sha256('this.form.submit()')]).toEqual([
          "'unsafe-hashes'",
          sha256('this.form.submit()'),
        ])
        expect(policy['frame-ancestors']).toEqual(["'none'"])
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      }
      expect(csp(pages[1]!.headers)['form-action']).toContain('https://access.line.me')
    } finally {
      await t.close()
    }
  })

  it('marks the session exchange and every answer behind a session or an API key no-store, not public ones', async () => {
    const t = await createTestApp()
    try {
      const token = await t.signIn('customer')
      expect((await t.app.request('/api/card', bearer(token))).headers.get('cache-control')).toBe('no-store')
      const { idToken } = await t.login.issueIdToken('U' + 'a'.repeat(32))
      const exchange = await t.app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idToken }),
      })
      expect(exchange.status).toBe(200)
      expect(exchange.headers.get('cache-control')).toBe('no-store')
      const admin = await t.signIn('admin')
      const key = await t.app.request('/api/admin/api-keys', {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'booking' }),
      })
      expect(key.headers.get('cache-control')).toBe('no-store')
      const { key: apiKey } = (await key.json()) as { key: string }
      const upsert = await t.app.request('/api/integration/reservations/ext-1', {
        method: 'PUT',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: '{}',
      })
      expect(upsert.headers.get('cache-control')).toBe('no-store')
      expect((await t.app.request('/api/config')).headers.get('cache-control')).toBeNull()
    } finally {
      await t.close()
    }
  })
})
