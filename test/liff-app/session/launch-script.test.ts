// index.html's inline launch script, run as the browser runs it: in a context with only the globals it may touch.
import { readFileSync } from 'node:fs'
import { runInNewContext } from 'node:vm'
import { describe, expect, it, vi } from 'vitest'

const html = readFileSync(new URL('../../../liff-app/index.html', import.meta.url), 'utf8')
const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1]

const LINE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36 Line/15.4.1 LIFF'
const CHROME_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36'
const ID_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJVMSJ9.c2ln'

const LIFF_FILES = '/assets/client-abc.js /assets/tslib-def.js'

function run(hash: string, userAgent: string, options: { fetch?: () => Promise<Response>; liffMeta?: boolean } = {}) {
  const fetch = vi.fn(options.fetch ?? (() => Promise.resolve(new Response('{}'))))
  const window: Record<string, unknown> = {}
  const preloads: Record<string, string>[] = []
  const document = {
    querySelector: (selector: string) =>
      selector === 'meta[name="tsunagu:liff"]' && options.liffMeta !== false ? { content: LIFF_FILES } : null,
    createElement: (tag: string) => ({ tag }),
    head: { appendChild: (element: Record<string, string>) => preloads.push(element) },
  }
  runInNewContext(script!, { window, document, location: { hash }, navigator: { userAgent }, fetch, JSON })
  const launch = window.__tsunaguLaunch as { idToken: string; answer: Promise<unknown> } | undefined
  return { fetch, launch, preloads }
}

describe("index.html's launch script (LINE opens the page with credentials in the fragment)", () => {
  it('is the first script of the page, before any stylesheet could hold it back', () => {
    expect(script).toBeDefined()
    expect(html.indexOf('<script>')).toBeLessThan(html.search(/<link rel="(stylesheet|preload)"/))
  })

  it('in a LINE in-app browser, posts the fragment’s ID token to /api/session at once and leaves its answer read', async () => {
    const { fetch, launch } = run(`#access_token=at&context_token=ct&id_token=${ID_TOKEN}&feature_token=ft`, LINE_UA)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch).toHaveBeenCalledWith('/api/session', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: ID_TOKEN }),
      cache: 'no-store',
    })
    expect(launch?.idToken).toBe(ID_TOKEN)
    expect(await launch?.answer).toEqual({ ok: true, status: 200, statusText: '', body: {} })
  })

  it('leaves an error answer read the same way, and a body that is not JSON as null', async () => {
    const refused = run(`#access_token=at&id_token=${ID_TOKEN}`, LINE_UA, {
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: 'id_token_expired' } }), { status: 401, statusText: 'No' }),
    })
    expect(await refused.launch?.answer).toEqual({
      ok: false,
      status: 401,
      statusText: 'No',
      body: { error: { code: 'id_token_expired' } },
    })
    const broken = run(`#access_token=at&id_token=${ID_TOKEN}`, LINE_UA, {
      fetch: async () => new Response('<html>proxy error</html>', { status: 502 }),
    })
    expect(await broken.launch?.answer).toMatchObject({ ok: false, status: 502, body: null })
  })

  it('leaves LIFF’s files for after the card when LINE opened the page, and preloads them with the card’s otherwise', () => {
    expect(run(`#access_token=at&id_token=${ID_TOKEN}`, LINE_UA).preloads).toEqual([])
    const { preloads } = run('', LINE_UA)
    expect(preloads).toEqual(
      LIFF_FILES.split(' ').map((href) => ({ tag: 'link', rel: 'modulepreload', crossOrigin: '', href })),
    )
    // The dev server's page names no files: nothing to preload, nothing thrown.
    expect(run('', CHROME_UA, { liffMeta: false }).preloads).toEqual([])
  })

  it('reads the token wherever it stands in the fragment, and percent-decoded', () => {
    expect(run(`#id_token=${ID_TOKEN}&access_token=at`, LINE_UA).launch?.idToken).toBe(ID_TOKEN)
    expect(run(`#access_token=at&id_token=a%2Eb.c`, LINE_UA).launch?.idToken).toBe('a.b.c')
  })

  it('does nothing where LIFF itself would not read the fragment: another browser, or no access token', () => {
    for (const [hash, ua] of [
      [`#access_token=at&id_token=${ID_TOKEN}`, CHROME_UA],
      [`#id_token=${ID_TOKEN}`, LINE_UA],
      ['#access_token=at', LINE_UA],
      ['', LINE_UA],
      [`#xid_token=${ID_TOKEN}&access_token=at`, LINE_UA],
    ]) {
      const { fetch, launch, preloads } = run(hash!, ua!)
      expect(fetch, hash).not.toHaveBeenCalled()
      expect(launch, hash).toBeUndefined()
      expect(preloads, hash).toHaveLength(2) // LIFF logs in first, so its files come with the card's
    }
  })

  it('leaves a malformed token to LIFF instead of throwing', () => {
    const { fetch, launch } = run('#access_token=at&id_token=%E0%A4%A', LINE_UA)
    expect(fetch).not.toHaveBeenCalled()
    expect(launch).toBeUndefined()
  })

  it('marks a failed request as handled (no unhandled rejection), while main.ts still sees it fail', async () => {
    const failing = Promise.reject(new TypeError('offline'))
    const { launch } = run(`#access_token=at&id_token=${ID_TOKEN}`, LINE_UA, { fetch: () => failing })
    await expect(launch!.answer).rejects.toThrow('offline')
  })
})
