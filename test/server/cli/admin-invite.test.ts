import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { staffInvites } from '../../../db/schema'
import { hashInviteCode } from '../../../server/data/staff-invites'
import { inviteUrl } from '../../../server/cli/invite-url'

describe('inviteUrl', () => {
  it('opens the invite in the shop’s LIFF app when LIFF_ID is set, else on the local server', () => {
    expect(inviteUrl({ LIFF_ID: '2000000000-AbCdEfGh' }, 'a+b')).toBe(
      'https://liff.line.me/2000000000-AbCdEfGh/staff/join?code=a%2Bb',
    )
    expect(inviteUrl({ PUBLIC_URL: 'http://127.0.0.1:9000/' }, 'c')).toBe('http://127.0.0.1:9000/staff/join?code=c')
    expect(inviteUrl({}, 'c')).toBe('http://localhost:8787/staff/join?code=c')
  })
})

describe('npm run admin:invite', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('needs only LIFF_ID beside the database: writes the hashed invite into a new directory and prints its LIFF URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-invite-'))
    dirs.push(dir)
    const databaseUrl = `file:${join(dir, 'nested', 'shop.db')}`
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LIFF_ID: '2000000000-AbCdEfGh',
      DATABASE_URL: databaseUrl,
    }
    const out = execFileSync('npx', ['tsx', 'server/cli/admin-invite.ts', '--hours=2'], { env, encoding: 'utf8' })
    const url = /https:\/\/liff\.line\.me\/2000000000-AbCdEfGh\/staff\/join\?code=(\S+)/.exec(out)
    expect(url).not.toBeNull()
    const code = decodeURIComponent(url![1]!)

    const database = openLibsql(databaseUrl)
    const rows = await database.db.select().from(staffInvites)
    database.close()
    expect(rows).toEqual([
      expect.objectContaining({ role: 'admin', codeHash: await hashInviteCode(code), usedAt: null }),
    ])
  })
})
