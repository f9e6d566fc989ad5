import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { nodeClientAddress } from '../../server/client-address'
import type { AppEnv } from '../../server/env'
import { startNodeServer } from '../../server/node-server'
import { rateLimitRules } from '../../server/rate-limit/rules'
import { fromAddress } from '../support/test-app'

const answering = (header?: string) => {
  const address = nodeClientAddress(header)
  return new Hono<AppEnv>().get('/', (c) => c.text(address(c) ?? 'unknown'))
}
const forwarded = { headers: { 'x-forwarded-for': '203.0.113.9, 192.0.2.1', 'x-real-ip': '203.0.113.10' } }

describe('nodeClientAddress', () => {
  it('takes the socket’s peer and never a header the client can write', async () => {
    const app = answering()
    expect(await (await app.request('/', forwarded, fromAddress('198.51.100.7'))).text()).toBe('198.51.100.7')
    expect(await (await app.request('/', forwarded)).text()).toBe('unknown')
  })

  it('takes the configured proxy header instead, the last entry of a list', async () => {
    expect(await (await answering('X-Forwarded-For').request('/', forwarded, fromAddress('10.0.0.1'))).text()).toBe(
      '192.0.2.1',
    )
    expect(await (await answering('X-Real-IP').request('/', forwarded, fromAddress('10.0.0.1'))).text()).toBe(
      '203.0.113.10',
    )
  })
})

describe('the Node server’s per-client limits', () => {
  it('count requests by the socket’s address over real HTTP, and allow them again after the window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-limits-'))
    const clock = { now: new Date('2026-11-23T03:00:00Z') }
    const server = await startNodeServer({
      env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'node.db')}` },
      hostname: '127.0.0.1',
      serveApp: false,
      seed: false,
      jobIntervalMs: 0,
      clock: () => clock.now,
    })
    try {
      const start = () =>
        fetch(`${server.url.replace('localhost', '127.0.0.1')}/api/account-link`, {
          method: 'POST',
          headers: { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` },
        })
      for (let i = 0; i < rateLimitRules.accountLinkPerClient.limit; i++) expect((await start()).status).toBe(401)
      const refused = await start()
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('60')
      clock.now = new Date(clock.now.getTime() + 60_000)
      expect((await start()).status).toBe(401)
    } finally {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
