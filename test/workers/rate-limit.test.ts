// The Worker's request limits inside workerd: Cloudflare's Rate Limiting bindings from wrangler.toml, as miniflare
// plays them (counts per binding and key, shared by every isolate, in windows of the binding's period).
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { rateLimitRules } from '../../server/rate-limit/rules'
import worker from '../../server/worker'

const origin = 'https://tsunagu.test'

const startAccountLink = (address: string) =>
  exports.default.fetch(`${origin}/api/account-link`, { method: 'POST', headers: { 'cf-connecting-ip': address } })

describe('worker request limits', () => {
  it('refuses a client address past its limit across requests, with 429 rate_limited and Retry-After', async () => {
    const { limit } = rateLimitRules.accountLinkPerClient
    // The binding counts in fixed windows of wall-clock time: one window may end during the loop, so the refusal
    // comes after `limit` requests at the earliest and within two windows' worth at the latest.
    const statuses: number[] = []
    let refused: Awaited<ReturnType<typeof startAccountLink>> | undefined
    while (!refused && statuses.length <= 2 * limit) {
      const res = await startAccountLink('198.51.100.77')
      statuses.push(res.status)
      if (res.status === 429) refused = res
      else await res.arrayBuffer()
    }
    expect(refused).toBeDefined()
    expect(statuses.length).toBeGreaterThan(limit)
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true)
    expect(refused!.headers.get('retry-after')).toBe('60')
    const body = (await refused!.json()) as { error: { code: string } }
    expect(body.error.code).toBe('rate_limited')
    // Another address is counted on its own.
    expect((await startAccountLink('198.51.100.78')).status).toBe(401)
  })

  it('is a configuration error when wrangler.toml lacks a Rate Limiting binding', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const ctx = createExecutionContext()
    const request = new Request(`${origin}/healthz`) as unknown as Parameters<typeof worker.fetch>[0]
    const res = await worker.fetch(request, { ...env, RATE_LIMIT_SESSION_PER_USER: undefined }, ctx)
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error).toMatchObject({ code: 'config_invalid' })
    expect(body.error.message).toContain('RATE_LIMIT_SESSION_PER_USER')
    errors.mockRestore()
  })
})
