// Opening the database at start: a wrong DATABASE_URL or DATABASE_AUTH_TOKEN becomes one sentence naming the setting.
import { sql } from 'drizzle-orm'
import { openLibsql, type LibsqlDatabase } from './client'

/** The database of `DATABASE_URL` cannot be used; the message is one sentence that names the setting to fix. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DatabaseUnavailableError'
  }
}

/** The error and its causes, outermost first (drizzle wraps libsql's error, which wraps fetch's or SQLite's). */
function causes(err: unknown): { code?: unknown; message?: unknown }[] {
  const chain: { code?: unknown; message?: unknown }[] = []
  for (let e = err; e && typeof e === 'object' && chain.length < 6; e = (e as { cause?: unknown }).cause)
    chain.push(e as { code?: unknown; message?: unknown })
  return chain
}

/** Says which setting is wrong when opening or first querying the database failed (never the URL's value: it may hold a token). */
export function describeDatabaseError(err: unknown, url: string, authToken?: string): string {
  const chain = causes(err)
  const codes = chain.map((e) => String(e.code ?? ''))
  const text = chain.map((e) => String(e.message ?? '')).join(' ')
  const host = /^[a-z]+:\/\/([^/?#@]*@)?([^/?#]+)/i.exec(url)?.[2] ?? 'the database server'
  if (codes.some((c) => c.startsWith('URL_') || c === 'ERR_INVALID_URL'))
    return 'DATABASE_URL is malformed: use file:./path/to.db, libsql://host, https://host or http://host.'
  const status = /(?:HTTP status|server response:?)\s*(\d{3})/.exec(text)?.[1]
  if (status === '401' || status === '403')
    return authToken
      ? `DATABASE_AUTH_TOKEN was refused by ${host} (HTTP ${status}): set a valid token for this database.`
      : `DATABASE_AUTH_TOKEN is missing: ${host} refused the connection (HTTP ${status}).`
  if (codes.some((c) => c.startsWith('SQLITE_NOTADB')))
    return 'DATABASE_URL names a file that is not a SQLite database.'
  if (codes.some((c) => c.startsWith('SQLITE_CANTOPEN')) || /Unable to open connection/.test(text))
    return 'DATABASE_URL names a database file that cannot be opened (check the path and its permissions).'
  const network = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.exec(
    [...codes, text].join(' '),
  )?.[1]
  if (network || /fetch failed/.test(text))
    return `DATABASE_URL is unreachable: ${host} did not answer (${network ?? 'network error'}).`
  const last = String(chain.at(-1)?.message ?? err)
    .split('\n')[0]!
    .replace(/\.$/, '')
  return `The database at DATABASE_URL cannot be used: ${last}.`
}

/**
 * Opens the database and asks it one question, so that a wrong `DATABASE_URL` or `DATABASE_AUTH_TOKEN` stops the
 * server at start with a `DatabaseUnavailableError` naming the setting, rather than with a driver's stack trace.
 */
export async function connectLibsql(url: string, authToken?: string): Promise<LibsqlDatabase> {
  let opened: LibsqlDatabase | undefined
  try {
    opened = openLibsql(url, authToken)
    await opened.db.run(sql`SELECT count(*) FROM sqlite_master`)
    return opened
  } catch (err) {
    opened?.close()
    throw new DatabaseUnavailableError(describeDatabaseError(err, url, authToken), { cause: err })
  }
}
