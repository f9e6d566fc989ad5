import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../../server/env'
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
    expect(await res.text()).toContain('<title>card</title>')
  })
})
