// What a route reads after limitBody (c.req.json(), text(), arrayBuffer(), parseBody(), an app handed c.req.raw),
// the same cases on Node (test/server/middleware) and in workerd (test/workers), whose Request and TextDecoder differ.
import { Hono, type Context } from 'hono'
import { expect, it } from 'vitest'
import { bodyMethods, limitBody, readableRequest } from '../../server/middleware/body-limit'

export function bodyAfterLimitCases() {
  const post = (body: BodyInit, headers?: Record<string, string>) =>
    new Request('http://tsunagu.test/in', { method: 'POST', body, headers })
  /** Answers what `read` makes of the body the route gets after a limit. */
  const readAfterLimit = (read: (c: Context) => Promise<unknown>) =>
    new Hono().post('/in', limitBody(1024), async (c) => c.json({ read: await read(c) }))
  const readBy = async (read: (c: Context) => Promise<unknown>, req: Request) =>
    (await (await readAfterLimit(read).fetch(req)).json()).read

  /** UTF-8 with a BOM, a character outside the BMP and a byte sequence that is not UTF-8. */
  const awkwardText = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('つなぐ 😀 '), 0xc3, 0x28, 0x41])

  it('is the request that came: no second Request is made', async () => {
    const sent = post('{}')
    let seen: Request | undefined
    const app = new Hono().post('/in', limitBody(64), async (c) => {
      seen = c.req.raw
      return c.json(await c.req.json())
    })
    expect((await app.fetch(sent)).status).toBe(200)
    expect(seen).toBe(sent)
  })

  it('gives c.req.json() the JSON sent, and again on a second read', async () => {
    const value = { member: 'つなぐ', points: 120, nested: { ok: true } }
    const read = (c: Context) => c.req.json().then(async (first) => [first, await c.req.json()])
    expect(await readBy(read, post(JSON.stringify(value)))).toEqual([value, value])
  })

  it('gives c.req.text() what Request.text() gives: UTF-8, the BOM dropped, bad bytes replaced', async () => {
    const expected = await post(awkwardText.slice()).text()
    expect(expected.startsWith('つなぐ')).toBe(true)
    expect(await readBy((c) => c.req.text(), post(awkwardText.slice()))).toBe(expected)
  })

  it('gives c.req.arrayBuffer() every byte as sent, also after the text was read', async () => {
    const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256)
    const read = async (c: Context) => {
      await c.req.text()
      return [...new Uint8Array(await c.req.arrayBuffer())]
    }
    expect(await readBy(read, post(bytes.slice()))).toEqual([...bytes])
  })

  it('gives c.req.parseBody() the fields of a urlencoded form and of a multipart one with a file', async () => {
    const form = new URLSearchParams({ email: 'a+b@example.jp', name: 'つなぐ 太郎', code: '1 2&3' })
    const urlencoded = post(form.toString(), { 'content-type': 'application/x-www-form-urlencoded' })
    expect(await readBy((c) => c.req.parseBody(), urlencoded)).toEqual(Object.fromEntries(form))

    const multipart = new FormData()
    multipart.set('name', 'つなぐ')
    multipart.set('image', new Blob([awkwardText.slice()], { type: 'image/png' }), 'menu.png')
    const read = async (c: Context) => {
      const fields = await c.req.parseBody()
      const file = fields.image as File
      return { name: fields.name, file: [file.name, file.type, [...new Uint8Array(await file.arrayBuffer())]] }
    }
    expect(await readBy(read, post(multipart))).toEqual({
      name: 'つなぐ',
      file: ['menu.png', 'image/png', [...awkwardText]],
    })
  })

  it('gives an empty body as Request does: empty text, no JSON', async () => {
    const read = async (c: Context) => [await c.req.text(), await c.req.json().catch(() => 'no json')]
    expect(await readBy(read, post(''))).toEqual(['', 'no json'])
    const noBody = new Request('http://tsunagu.test/in', { method: 'POST' })
    expect(await readBy(read, noBody)).toEqual(['', 'no json'])
  })

  it('reaches an app handed c.req.raw, whose own limit compares without reading again', async () => {
    const inner = new Hono()
      .post('/in', limitBody(64), async (c) => c.json(await c.req.json()))
      .post('/small', limitBody(8), (c) => c.text('read'))
    const outer = new Hono().on(bodyMethods, '*', limitBody(1024)).post('*', (c) => inner.fetch(c.req.raw))
    const res = await outer.fetch(post(JSON.stringify({ to: 'U1', messages: ['こんにちは'] })))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ to: 'U1', messages: ['こんにちは'] })
    const small = await outer.fetch(new Request('http://tsunagu.test/small', { method: 'POST', body: 'x'.repeat(9) }))
    expect(small.status).toBe(413)
    expect((await small.json()).error.code).toBe('payload_too_large')
  })

  it('is still in a request readableRequest makes for a proxy; an unread request is passed as it is', async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256)
    const read = async (c: Context) => [...new Uint8Array(await readableRequest(c.req.raw).arrayBuffer())]
    expect(await readBy(read, post(bytes.slice()))).toEqual([...bytes])
    const unread = post('as sent')
    expect(readableRequest(unread)).toBe(unread)
  })
}
