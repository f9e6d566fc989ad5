import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { nodeClientAddress } from '../../server/client-address'
import type { AppEnv } from '../../server/env'
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
