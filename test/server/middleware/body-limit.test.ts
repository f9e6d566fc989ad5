import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyMethods, limitBody, limitBodies } from '../../../server/middleware/body-limit'
import { sandboxChannel } from '../../../server/config'
import { startNodeServer, type NodeServer } from '../../../server/node-server'
import { personaByKey } from '../../../server/sandbox/personas'
import { signBody } from '../../../server/sandbox/webhook-sender'
import { bodyAfterLimitCases } from '../../support/body-after-limit'

const chunkBytes = 64 * 1024
/** More than any limit (imports: 8 MiB) several times over; generated as it is pulled, never held. */
const hugeBytes = 64 * 1024 * 1024

/** A body of `total` bytes made on demand, counting what the reader pulled and whether it was cancelled. */
function lazyBody(total: number) {
  const chunk = new Uint8Array(chunkBytes).fill(0x61)
  const state = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close()
      state.pulled += chunk.byteLength
      controller.enqueue(chunk)
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { stream, state }
}

/** Every route that may read a body (any method with one, or all methods), with sample values for its parameters. */
function bodyRoutes(routes: { method: string; path: string }[]): { method: string; path: string }[] {
  const seen = new Set<string>()
  return routes
    .filter((r) => r.method === 'ALL' || bodyMethods.includes(r.method))
    .map((r) => ({
      method: r.method === 'ALL' ? 'POST' : r.method,
      path: r.path.replace(/:[A-Za-z]+(\{[^}]*\})?\??/g, '1').replace(/\*/g, 'x'),
    }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
}

/** Sends only the headers of a request that declares `declared` bytes, and answers the status and body. */
function declareOnly(url: string, method: string, declared: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-length': String(declared) } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (part: string) => (body += part))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body })
        req.destroy()
      })
    })
    req.on('error', reject)
    req.write('{')
  })
}

describe('body limits on the Node server', () => {
  let dir: string
  let server: NodeServer
  let url: string
  let routes: { method: string; path: string }[]
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-limits-'))
    server = await startNodeServer({
      env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'node.db')}` },
      hostname: '127.0.0.1',
      serveApp: false,
      seed: false,
      jobIntervalMs: 0,
    })
    url = server.url.replace('localhost', '127.0.0.1')
    // Every route the server serves (the app, the sandbox at /sandbox and its LINE paths at the root), and those of
    // the sandbox's Messaging API behind its catch-all `/v2/*`.
    routes = bodyRoutes([
      ...server.app.routes,
      ...server.sandbox!.messaging.app.routes.filter((r) => r.path.startsWith('/v2/')),
    ])
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('covers the routes that read bodies, the webhook, the account-link form and the imports among them', () => {
    const paths = routes.map((r) => r.path)
    for (const path of [
      '/webhook/line',
      '/account-link/login',
      '/api/admin/imports/members',
      '/api/admin/reservations/import',
      '/api/session',
      '/sandbox/inbox',
      '/sandbox/login/id-token',
      '/v2/bot/message/push',
    ])
      expect(paths).toContain(path)
  })

  it('answers 413 payload_too_large to a chunked body on every body route, and stops reading it', async () => {
    for (const route of routes) {
      const { stream, state } = lazyBody(hugeBytes)
      const res = await fetch(`${url}${route.path}`, {
        method: route.method,
        body: stream,
        duplex: 'half',
      } as RequestInit)
      expect({ route, status: res.status }).toEqual({ route, status: 413 })
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect((await res.json()).error.code).toBe('payload_too_large')
      expect(state.pulled).toBeLessThan(hugeBytes)
    }
  })

  it('hands the body on: to the sandbox apps c.req.raw is forwarded to, and the webhook its signed bytes', async () => {
    const token = await fetch(`${url}/oauth2/v3/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sandboxChannel.loginChannelId,
        client_secret: sandboxChannel.loginChannelSecret,
      }),
    })
    expect(token.status).toBe(200)
    expect((await token.json()).token_type).toBe('Bearer')

    const to = personaByKey('newcomer')!.lineUserId
    const push = await fetch(`${url}/v2/bot/message/push`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.config.line.channelAccessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ to, messages: [{ type: 'text', text: 'ご来店ありがとうございます' }] }),
    })
    expect(push.status).toBe(200)
    expect(server.sandbox!.messaging.record.inbox.get(to)?.at(-1)?.message).toEqual({
      type: 'text',
      text: 'ご来店ありがとうございます',
    })

    // A BOM and a character outside the BMP: the signature matches only the bytes as sent.
    const verify = `\uFEFF${JSON.stringify({ destination: 'Uつなぐ😀', events: [] })}`
    const webhook = await fetch(`${url}/webhook/line`, {
      method: 'POST',
      headers: { 'x-line-signature': signBody(server.config.line.channelSecret, verify) },
      body: verify,
    })
    expect(webhook.status).toBe(200)
  })

  it('answers 413 on every body route as soon as Content-Length declares too much, before any body', async () => {
    for (const route of routes) {
      const res = await declareOnly(`${url}${route.path}`, route.method, 600 * 1024 * 1024)
      expect({ route, status: res.status }).toEqual({ route, status: 413 })
      expect(JSON.parse(res.body).error.code).toBe('payload_too_large')
    }
  })
})

describe('limitBody', () => {
  const limited = () =>
    new Hono()
      .post('/small', limitBody(16), async (c) => c.text(await c.req.text()))
      .post('/twice', limitBody(64), limitBody(8), (c) => c.text('read'))
      .on(bodyMethods, '*', limitBodies([{ path: '/named/*', maxBytes: 32 }], 8))
      .post('/named/x', async (c) => c.text(await c.req.text()))
      .post('/other', async (c) => c.text(await c.req.text()))

  it('hands the route a body of exactly the limit, read once', async () => {
    const res = await limited().request('/small', { method: 'POST', body: 'x'.repeat(16) })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('x'.repeat(16))
  })

  it('stops pulling a stream at the first chunk over the limit, whatever a (false) Content-Length says', async () => {
    const { stream, state } = lazyBody(hugeBytes)
    const res = await limited().request('/small', {
      method: 'POST',
      body: stream,
      headers: { 'content-length': '4' },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
    expect(state.pulled).toBeLessThanOrEqual(2 * chunkBytes)
    expect(state.cancelled).toBe(true)
  })

  it('leaves a request without a body stream to Hono, so a body its own text() gives reaches the route', async () => {
    // The benchmarks' sandbox transport carries bodies as strings on such requests (bench/support/string-body.ts).
    class TextOnlyRequest extends Request {
      override text() {
        return Promise.resolve('{"a":1}')
      }
    }
    const app = new Hono().post('/json', limitBody(16), async (c) => c.json(await c.req.json()))
    const res = await app.fetch(new TextOnlyRequest('http://x/json', { method: 'POST' }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ a: 1 })
  })

  it('applies a second, smaller limit to a body already read under a larger one', async () => {
    const res = await limited().request('/twice', { method: 'POST', body: 'x'.repeat(9) })
    expect(res.status).toBe(413)
  })

  it('picks the first named limit whose path matches, else the default', async () => {
    const app = limited()
    expect((await app.request('/named/x', { method: 'POST', body: 'x'.repeat(32) })).status).toBe(200)
    expect((await app.request('/named/x', { method: 'POST', body: 'x'.repeat(33) })).status).toBe(413)
    expect((await app.request('/other', { method: 'POST', body: 'x'.repeat(8) })).status).toBe(200)
    expect((await app.request('/other', { method: 'POST', body: 'x'.repeat(9) })).status).toBe(413)
  })
})

describe('the body a route reads after limitBody', bodyAfterLimitCases)
