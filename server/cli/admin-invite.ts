// `npm run admin:invite`: prints a one-time invite URL; the LINE user who opens it becomes an admin (the first admin
// of a new shop, or another one). The URL needs only LIFF_ID (else PUBLIC_URL, the sandbox); the invite is written to
// DATABASE_URL (libsql file or server), to D1 with `--d1=remote|local` (through wrangler), or printed as SQL with `--sql`.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { openLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { createInvite } from '../data/staff-invites'
import { adminInviteInsert } from '../setup/first-admin'
import { inviteUrl } from './invite-url'

const hours = Number(process.argv.find((a) => a.startsWith('--hours='))?.slice(8) ?? 72)
if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw new Error('--hours must be 1–168')
const d1 = process.argv.find((a) => a.startsWith('--d1='))?.slice(5)
if (d1 !== undefined && d1 !== 'remote' && d1 !== 'local') throw new Error('--d1 must be remote or local')

const now = new Date()
const expiresAt = new Date(now.getTime() + hours * 3_600_000)
let code: string
if (process.argv.includes('--sql') || d1) {
  const invite = await adminInviteInsert(now, hours, 'cli:admin-invite')
  code = invite.code
  if (d1) {
    execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', `--${d1}`, '--command', invite.sql], { stdio: 'inherit' })
  } else {
    console.log(`-- Run on D1 (npx wrangler d1 execute DB --remote --command "…"), then open the URL below in LINE:`)
    console.log(invite.sql)
  }
} else {
  const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/tsunagu.db'
  if (databaseUrl.startsWith('file:')) mkdirSync(dirname(databaseUrl.slice('file:'.length)), { recursive: true })
  const database = openLibsql(databaseUrl, process.env.DATABASE_AUTH_TOKEN)
  await migrateLibsql(database.db)
  const invite = { storeId: null, role: 'admin' as const, createdBy: 'cli:admin-invite', expiresAt }
  code = (await createInvite(database.db, invite, now)).code
  database.close()
}
console.log(`Admin invite (one use, valid ${hours} h until ${expiresAt.toISOString()}). Open it in LINE:`)
console.log(inviteUrl(process.env, code))
