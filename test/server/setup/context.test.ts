import { describe, expect, it } from 'vitest'
import { wranglerOk, type SetupContext } from '../../../server/setup/context'
import type { WranglerRun } from '../../../server/setup/doctor'

const busy: WranglerRun = {
  code: 1,
  stdout: '',
  stderr: 'e = workerd/util/sqlite.c++:1827: failed: SQLite failed; database is locked: SQLITE_BUSY',
}
const ok: WranglerRun = { code: 0, stdout: '[{"results":[]}]' }

/** A wrangler that answers `runs` in turn, and the argument lists it was called with. */
function scripted(target: SetupContext['target'], runs: WranglerRun[]) {
  const calls: string[][] = []
  const ctx: SetupContext = {
    env: {},
    wranglerTomlPath: '/tmp/wrangler.toml',
    wrangler: async (args) => (calls.push(args), runs.shift() ?? busy),
    clock: () => new Date(),
    target,
  }
  return { ctx, calls }
}

const args = ['d1', 'execute', 'DB', '--local', '--json', '--command', 'SELECT 1']

describe('wranglerOk', () => {
  it('tries a local statement again while the running Worker holds the D1 lock', async () => {
    const { ctx, calls } = scripted('local', [busy, busy, ok])
    expect(await wranglerOk(ctx, args, 'read')).toBe(ok.stdout)
    expect(calls).toHaveLength(3)
    expect(calls[2]).toEqual([...args, '--config', '/tmp/wrangler.toml'])
  })

  it('gives up after a few tries, with wrangler’s own words', async () => {
    const { ctx, calls } = scripted('local', [])
    await expect(wranglerOk(ctx, args, 'read the rich menu ids')).rejects.toThrow(
      /^wrangler could not read the rich menu ids .*SQLITE_BUSY/,
    )
    expect(calls).toHaveLength(8)
  })

  it('does not repeat other failures, nor anything on Cloudflare', async () => {
    const other = scripted('local', [{ code: 1, stdout: '', stderr: 'no such table: settings' }, ok])
    await expect(wranglerOk(other.ctx, args, 'read')).rejects.toThrow(/no such table/)
    expect(other.calls).toHaveLength(1)
    const remote = scripted('cloudflare', [busy, ok])
    await expect(wranglerOk(remote.ctx, args, 'read')).rejects.toThrow(/SQLITE_BUSY/)
    expect(remote.calls).toHaveLength(1)
  })
})
