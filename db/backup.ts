// A consistent copy of an embedded database: `VACUUM INTO` reads one snapshot (WAL included) while the server runs.
import { existsSync } from 'node:fs'
import Database from 'libsql'

export class BackupError extends Error {
  override name = 'BackupError'
}

/** The file path of an embedded database URL (`file:./data/tsunagu.db`), or undefined for a server or `:memory:`. */
export function embeddedPath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined
  return url.slice('file:'.length).replace(/\?.*$/, '')
}

/**
 * Writes a consistent copy of the embedded database at `url` to `outPath` (which must not exist) and returns the
 * copy's integrity check and member count. A file copy of a WAL database can miss committed pages; this cannot.
 */
export function backupEmbedded(url: string, outPath: string): { members: number } {
  const path = embeddedPath(url)
  if (!path) {
    throw new BackupError(
      `DATABASE_URL ${url.startsWith('libsql:') || url.startsWith('http') ? 'is a libsql server' : 'is not a file'}: back it up with its own tools (see README, Backups)`,
    )
  }
  if (!existsSync(path)) throw new BackupError(`DATABASE_URL names ${path}, which does not exist`)
  if (existsSync(outPath)) throw new BackupError(`${outPath} already exists; choose another file`)
  const source = new Database(path, { readonly: true })
  try {
    source.prepare('VACUUM INTO ?').run(outPath)
  } finally {
    source.close()
  }
  const copy = new Database(outPath, { readonly: true })
  try {
    const check = (copy.prepare('PRAGMA integrity_check').raw(true).get() as unknown[])[0]
    if (check !== 'ok') throw new BackupError(`the copy at ${outPath} failed its integrity check: ${String(check)}`)
    const [count] = copy.prepare('SELECT count(*) FROM members').raw(true).get() as [number]
    return { members: count }
  } finally {
    copy.close()
  }
}
