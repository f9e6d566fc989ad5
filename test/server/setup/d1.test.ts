import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SetupContext } from '../../../server/setup/context'
import { ensureD1 } from '../../../server/setup/d1'
import { wranglerStandIn } from '../../support/wrangler-stand-in'

let dir: string
let tomlPath: string
let wrangler: ReturnType<typeof wranglerStandIn>
let ctx: SetupContext
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsunagu-steps-test-'))
  tomlPath = join(dir, 'wrangler.toml')
  copyFileSync('wrangler.toml', tomlPath)
  wrangler = wranglerStandIn(tomlPath)
  ctx = { env: {}, wranglerTomlPath: tomlPath, wrangler: wrangler.run, clock: () => new Date('2026-11-23T03:00:00Z') }
})
afterEach(() => {
  wrangler.close()
  rmSync(dir, { recursive: true, force: true })
})

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
