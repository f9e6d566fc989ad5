import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../server/config'
import type { AppEnv } from '../../server/env'
import type { Shop } from '../../server/shop'
import { withPublicConfig } from '../../server/public-page'
import { mountLiffApp } from '../../server/static-assets'

describe('mountLiffApp', () => {
  const js = 'console.log("card");'.repeat(50)
  let dir: string
  let app: Hono<AppEnv>

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-static-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>card</title>')
    writeFileSync(join(dir, 'assets/index-abc.js'), js)
    writeFileSync(join(dir, 'assets/index-abc.js.br'), brotliCompressSync(js))
    writeFileSync(join(dir, 'assets/index-abc.js.gz'), gzipSync(js))
    app = new Hono<AppEnv>()
    mountLiffApp(app, dir)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('sends the brotli copy of an asset to a client that accepts br, cached for a year', async () => {
    const res = await app.request('/assets/index-abc.js', { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Number(res.headers.get('content-length'))).toBeLessThan(js.length)
  })

  it('falls back to gzip, then to the plain file, still varying on Accept-Encoding', async () => {
    const gz = await app.request('/assets/index-abc.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const plain = await app.request('/assets/index-abc.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('vary')).toBe('Accept-Encoding')
    expect(await plain.text()).toBe(js)
  })

  it('answers other page paths with index.html, not cached', async () => {
    const res = await app.request('/settings')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await res.text()).toContain('<title>card</title>')
  })
})

describe('index.html with the public config', () => {
  const preload = '<link rel="preload" href="/api/config" as="fetch" crossorigin="anonymous" />'
  const html = `<!doctype html><head><title>card</title>${preload}</head><body><div id="app"></div></body>`
  let dir: string
  let app: Hono<AppEnv>
  const config = {
    sandbox: false,
    shopName: 'Café </script><script>alert(1)</script>',
    timeZone: 'Asia/Tokyo',
    line: { liffId: '1234567890-AbCdEfGh' },
  } as unknown as Config

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-static-'))
    writeFileSync(join(dir, 'index.html'), html)
    app = new Hono<AppEnv>()
    app.use('*', async (c, next) => {
      // Settings that cannot be read: the page still opens, with TIME_ZONE.
      c.set('shop', { config, timeZone: () => Promise.reject(new Error('no settings table')) } as unknown as Shop)
      await next()
    })
    mountLiffApp(app, dir)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** The JSON of the config script, parsed the way the app's api/config.ts does. */
  function injected(page: string): unknown {
    const match = /<script id="app-config" type="application\/json">([^<]*)<\/script>/.exec(page)
    return match ? JSON.parse(match[1]!) : null
  }

  it('replaces the /api/config preload with the config, at / and at every page path', async () => {
    for (const path of ['/', '/?persona=customer', '/index.html', '/settings', '/admin/members/12']) {
      const res = await app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      const page = await res.text()
      expect(page).not.toContain('/api/config')
      expect(injected(page)).toEqual({
        sandbox: false,
        liffId: '1234567890-AbCdEfGh',
        shopName: 'Café </script><script>alert(1)</script>',
        timeZone: 'Asia/Tokyo',
      })
    }
  })

  it('cannot be broken out of by a value: "<" is escaped, so the only script end is its own', async () => {
    const page = await (await app.request('/')).text()
    expect(page.match(/<\/script>/g)).toHaveLength(1)
    expect(page).toContain('\\u003c/script>')
  })

  it('leaves a page without the preload as it is', () => {
    const plain = '<!doctype html><title>x</title>'
    expect(withPublicConfig(plain, { sandbox: true, liffId: 'x', shopName: 'y', timeZone: 'Asia/Tokyo' })).toBe(plain)
  })

  it('finds the preload in the real liff-app/index.html', () => {
    const source = readFileSync(new URL('../../liff-app/index.html', import.meta.url), 'utf8')
    const out = withPublicConfig(source, { sandbox: true, liffId: 'x', shopName: 'y', timeZone: 'Asia/Tokyo' })
    expect(out).toContain('<script id="app-config" type="application/json">')
    expect(out).not.toContain('href="/api/config"')
  })
})
