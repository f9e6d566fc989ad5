import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SetupContext } from '../../../server/setup/context'
import { ensureSecrets } from '../../../server/setup/secrets'
import { standInCheckout } from '../../support/wrangler-stand-in'

let checkout: ReturnType<typeof standInCheckout>
let wrangler: ReturnType<typeof standInCheckout>['wrangler']
let ctx: SetupContext
beforeEach(() => {
  checkout = standInCheckout()
  ;({ wrangler, ctx } = checkout)
})
afterEach(() => checkout.close())

describe('ensureSecrets', () => {
  it('sets only what the Worker lacks, generating the session secret, in one bulk call from a file it deletes', async () => {
    for (const name of ['LINE_LOGIN_CHANNEL_ID', 'LINE_LOGIN_CHANNEL_SECRET', 'LIFF_ID', 'LINE_CHANNEL_ACCESS_TOKEN']) {
      wrangler.state.secrets.set(name, 'kept')
    }
    wrangler.state.secrets.set('CARD_TOKEN_KEYS', 'k0:kept')
    const result = await ensureSecrets(ctx, { LINE_CHANNEL_SECRET: 'from-env', LIFF_ID: 'not-replaced' })
    expect(result.changes).toEqual([
      'set Worker secrets LINE_CHANNEL_SECRET, SESSION_SECRET (generated: SESSION_SECRET)',
    ])
    expect(wrangler.state.bulkCalls).toBe(1)
    expect(wrangler.state.secrets.get('LIFF_ID')).toBe('kept')
    expect(wrangler.state.secrets.get('CARD_TOKEN_KEYS')).toBe('k0:kept')
    expect(wrangler.state.secrets.get('LINE_CHANNEL_SECRET')).toBe('from-env')
    const bulk = wrangler.state.calls.find((c) => c[1] === 'bulk')!
    expect(existsSync(bulk[2]!)).toBe(false)
    expect(await ensureSecrets(ctx, {})).toEqual({ changes: [] })
  })

  it('stops, setting nothing, when a LINE secret is neither on the Worker nor given', async () => {
    await expect(ensureSecrets(ctx, { LINE_LOGIN_CHANNEL_ID: '1660000001' })).rejects.toThrow(
      'LINE_LOGIN_CHANNEL_SECRET is neither set on the Worker nor given: set LINE_LOGIN_CHANNEL_SECRET=… and run again',
    )
    expect(wrangler.state.bulkCalls).toBe(0)
  })
})
