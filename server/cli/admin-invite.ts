// `npm run admin:invite`: prints a one-time invite URL; the LINE user who opens it becomes an admin (the first admin
// of a new shop, or another one). Uses DATABASE_URL (libsql / Turso); with `--sql`, prints the INSERT to run on D1
// (`wrangler d1 execute DB --remote --command "…"`) instead of writing anywhere.
import { mkdirSync } from 'node:fs'
import { openLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { loadConfig } from '../config'
import { createInvite, hashInviteCode, newInviteCode } from '../data/staff-invites'

const hours = Number(process.argv.find((a) => a.startsWith('--hours='))?.slice(8) ?? 72)
if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw new Error('--hours must be 1–168')

const config = loadConfig(process.env)
const base = config.sandbox ? config.publicUrl : `https://liff.line.me/${config.line.liffId}`
const now = new Date()
const expiresAt = new Date(now.getTime() + hours * 3_600_000)
const joinUrl = (code: string) => `${base.replace(/\/$/, '')}/staff/join?code=${encodeURIComponent(code)}`

if (process.argv.includes('--sql')) {
  const code = newInviteCode()
  console.log(`-- Run on D1, then open the URL below in LINE (valid ${hours} h, once):`)
  console.log(
    `INSERT INTO staff_invites (code_hash, store_id, role, created_by, expires_at, created_at) VALUES ('${await hashInviteCode(code)}', NULL, 'admin', 'cli:admin-invite', ${expiresAt.getTime()}, ${now.getTime()});`,
  )
  console.log(joinUrl(code))
} else {
  if (config.databaseUrl.startsWith('file:./data/')) mkdirSync('data', { recursive: true })
  const database = openLibsql(config.databaseUrl, config.databaseAuthToken)
  await migrateLibsql(database.db)
  const { code } = await createInvite(
    database.db,
    { storeId: null, role: 'admin', createdBy: 'cli:admin-invite', expiresAt },
    now,
  )
  database.close()
  console.log(`Admin invite (one use, valid ${hours} h until ${expiresAt.toISOString()}). Open it in LINE:`)
  console.log(joinUrl(code))
}
