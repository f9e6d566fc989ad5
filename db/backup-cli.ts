// `npm run backup [-- out.db]`: a consistent copy of the embedded database (default ./backups/tsunagu-<time>.db).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { BackupError, backupEmbedded } from './backup'

const url = process.env.DATABASE_URL ?? 'file:./data/tsunagu.db'
const stamp = new Date().toISOString().replace(/[:.]/g, '-')
const out = process.argv[2] ?? `./backups/tsunagu-${stamp}.db`
try {
  mkdirSync(dirname(out), { recursive: true })
  const { members } = backupEmbedded(url, out)
  console.log(`Backed up ${url} to ${out} (${members} members, integrity ok)`)
} catch (err) {
  if (!(err instanceof BackupError)) throw err
  console.error(`Backup failed: ${err.message}`)
  process.exit(1)
}
