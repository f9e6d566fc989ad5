// The Worker's fetch handler inside workerd: D1, sandbox ID tokens verified through the JWKS over HTTP.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { seedDemoShop } from '../../db/seed'
import { personaByKey } from '../../server/sandbox/personas'
import worker from '../../server/worker'
import { openD1 } from '../../db/d1'
import { sandboxIdToken } from './sandbox-id-token'

const origin = 'https://tsunagu.test'
const customer = personaByKey('customer')!

function call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) {
  return exports.default.fetch(`${origin}${path}`, init)
}

function postSession(body: string) {
  return call('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
}

type WorkerResponse = Awaited<ReturnType<typeof call>>

async function expectError(res: WorkerResponse, status: number, code?: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(body.error.message).toEqual(expect.any(String))
  if (code) expect(body.error.code).toBe(code)
  else expect(body.error.code).toEqual(expect.any(String))
}

beforeAll(async () => {
  await seedDemoShop(openD1(env.DB), new Date())
})

describe('worker fetch', () => {
  it('answers /healthz (liveness) and /readyz once D1 answers, each with its X-Request-Id', async () => {
    const live = await call('/healthz')
    expect(live.status).toBe(200)
    expect(await live.json()).toEqual({ status: 'ok', sandbox: true })
    const ready = await call('/readyz', { headers: { 'cf-ray': '8d1b2c3d4e5f6a7b-NRT' } })
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })
    expect(ready.headers.get('x-request-id')).toBe('8d1b2c3d4e5f6a7b-NRT')
    expect(live.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers X-Request-Id on a page of the LIFF app, which the Worker serves from its assets', async () => {
    const page = await call('/settings', { headers: { 'x-request-id': 'edge-1234' } })
    await page.arrayBuffer()
    expect(page.headers.get('x-request-id')).toBe('edge-1234')
  })

  it('exchanges a sandbox ID token for a session and shows the member card', async () => {
    const res = await postSession(JSON.stringify({ idToken: await sandboxIdToken(customer.lineUserId) }))
    expect(res.status).toBe(200)
    const session = (await res.json()) as {
      token: string
      user: { lineUserId: string }
      member: { name: string } | null
    }
    expect(session.user.lineUserId).toBe(customer.lineUserId)
    expect(session.member?.name).toBe('山田 花子')

    const card = await call('/api/card', { headers: { authorization: `Bearer ${session.token}` } })
    expect(card.status).toBe(200)
    const body = (await card.json()) as { member: { balance: number }; token: { value: string; ttlSeconds: number } }
    expect(body.member.balance).toBe(1700)
    expect(body.token.value).toMatch(/\S{16,}/)
    expect(body.token.ttlSeconds).toBeGreaterThan(0)
  })

  it('answers its own pages (legal, account-link login) itself, not with the LIFF app', async () => {
    const terms = await call('/legal/terms')
    expect(terms.status).toBe(200)
    expect(terms.headers.get('content-type')).toMatch(/text\/html/)
    expect(await terms.text()).toContain('利用規約')
    const login = await call('/account-link/login?ticket=expired')
    expect(login.status).toBe(400)
    expect(await login.text()).toContain('有効期限切れ')
    for (const page of [terms, login]) {
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/)
      expect(page.headers.get('x-content-type-options')).toBe('nosniff')
      expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('rejects malformed JSON with a 400 error body', async () => {
    await expectError(await postSession('{"idToken":'), 400)
  })

  it('rejects a body without idToken with invalid_request', async () => {
    await expectError(await postSession(JSON.stringify({ token: 'x' })), 400, 'invalid_request')
  })

  it('rejects an ID token whose payload was altered after signing', async () => {
    const [header, payload, signature] = (await sandboxIdToken(customer.lineUserId)).split('.')
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>
    const forged = btoa(JSON.stringify({ ...claims, sub: personaByKey('admin')!.lineUserId }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
    await expectError(
      await postSession(JSON.stringify({ idToken: `${header}.${forged}.${signature}` })),
      401,
      'id_token_bad_signature',
    )
  })

  it('rejects a card request without a session', async () => {
    await expectError(await call('/api/card'), 401, 'unauthorized')
  })

  it('answers every request with a clear 500 and logs it when the configuration is invalid', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const badEnv = { ...env, SESSION_SECRET: 'too-short' }
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext()
      // A DOM-typed Request (root tsconfig) handed to the workerd-typed handler: the same object at runtime.
      const request = new Request(`${origin}/healthz`) as unknown as Parameters<typeof worker.fetch>[0]
      const res = await worker.fetch(request, badEnv, ctx)
      await waitOnExecutionContext(ctx)
      expect(res.status).toBe(500)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('config_invalid')
      expect(body.error.message).toContain('SESSION_SECRET')
    }
    expect(errors).toHaveBeenCalledTimes(2)
    expect(String(errors.mock.calls[0]![0])).toContain('SESSION_SECRET')
    errors.mockRestore()
  })
})
