import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchConfig } from '../../../liff-app/src/api/config'

const config = { sandbox: false, liffId: '1234567890-AbCdEfGh', shopName: '渋谷店 </b>', timeZone: 'Asia/Tokyo' }

describe('fetchConfig', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads the config the server wrote into index.html, with no request', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    vi.stubGlobal('document', {
      getElementById: (id: string) =>
        id === 'app-config' ? { textContent: JSON.stringify(config).replace(/</g, '\\u003c') } : null,
    })
    expect(await fetchConfig()).toEqual(config)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('asks GET /api/config the way index.html preloads it when the page has no config (Workers, dev server)', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(config), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    vi.stubGlobal('document', { getElementById: () => null })
    expect(await fetchConfig()).toEqual(config)
    expect(fetch).toHaveBeenCalledWith('/api/config', expect.objectContaining({ method: 'GET', cache: 'default' }))
  })
})
