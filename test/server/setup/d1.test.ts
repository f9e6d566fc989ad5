import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SetupContext } from '../../../server/setup/context'
import { ensureD1 } from '../../../server/setup/d1'
import { standInCheckout } from '../../support/wrangler-stand-in'

let checkout: ReturnType<typeof standInCheckout>
let tomlPath: string
let wrangler: ReturnType<typeof standInCheckout>['wrangler']
let ctx: SetupContext
beforeEach(() => {
  checkout = standInCheckout()
  ;({ tomlPath, wrangler, ctx } = checkout)
})
afterEach(() => checkout.close())

describe('ensureD1', () => {
  it('reuses the database wrangler lists, writing only its id into wrangler.toml', async () => {
    const id = '4b0c1a52-8e7d-4f7e-9d1b-2a3c4d5e6f70'
    wrangler.state.databases.set('tsunagu', id)
    const before = readFileSync(tomlPath, 'utf8')
    const result = await ensureD1(ctx)
    expect(result.changes).toEqual([
      `wrangler.toml: database_id → ${id}`,
      expect.stringMatching(/^applied D1 migrations: 0000_init\.sql/),
    ])
    expect(readFileSync(tomlPath, 'utf8')).toBe(before.replace('00000000-0000-0000-0000-000000000000', id))
    expect(wrangler.state.calls.map((c) => c.slice(0, 2).join(' '))).not.toContain('d1 create')
    expect((await ensureD1(ctx)).changes).toEqual([])
  })
})
