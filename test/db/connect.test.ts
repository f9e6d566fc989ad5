import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectLibsql, DatabaseUnavailableError } from '../../db/connect'
import { serveOnLoopback, type Served } from '../support/serve'

/** Resolves to the error `connectLibsql` rejects with (the test fails if it connects). */
async function refusal(url: string, authToken?: string): Promise<DatabaseUnavailableError> {
  const err = await connectLibsql(url, authToken).then(
    (opened) => {
      opened.close()
      throw new Error(`connected to ${url}`)
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(DatabaseUnavailableError)
  return err as DatabaseUnavailableError
}

describe('connectLibsql', () => {
  let refusing: Served
  let closedPort: string
  let dir: string
  beforeAll(async () => {
    refusing = await serveOnLoopback(() => new Response('Unauthorized', { status: 401 }))
    const closed = await serveOnLoopback(() => new Response('gone'))
    closedPort = new URL(closed.url).port
    await closed.close()
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-connect-'))
  })
  afterAll(async () => {
    await refusing.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('names DATABASE_AUTH_TOKEN when the server refuses the token, and never prints the token', async () => {
    const err = await refusal(refusing.url, 'secret-token-value')
    expect(err.message).toBe(
      `DATABASE_AUTH_TOKEN was refused by ${new URL(refusing.url).host} (HTTP 401): set a valid token for this database.`,
    )
    expect(err.message).not.toContain('secret-token-value')
  })

  it('says DATABASE_AUTH_TOKEN is missing when the server refuses a request without one', async () => {
    expect((await refusal(refusing.url)).message).toMatch(/^DATABASE_AUTH_TOKEN is missing: .* \(HTTP 401\)\.$/)
  })

  it('names DATABASE_URL when nothing answers there', async () => {
    for (const scheme of ['http', 'libsql', 'ws'])
      expect((await refusal(`${scheme}://127.0.0.1:${closedPort}`, 'token')).message).toBe(
        `DATABASE_URL is unreachable: 127.0.0.1:${closedPort} did not answer (ECONNREFUSED).`,
      )
  })

  it('names DATABASE_URL when it is malformed, without repeating it', async () => {
    for (const url of ['postgres://user:pw@db/x', 'nonsense', 'libsql://', 'http://127.0.0.1:8080/?authToken2=x']) {
      const err = await refusal(url)
      expect(err.message).toMatch(/^DATABASE_URL is malformed: /)
      expect(err.message).not.toMatch(/pw|nonsense|authToken2/)
    }
  })

  it('names DATABASE_URL when its file is not a database or cannot be opened', async () => {
    const file = join(dir, 'not-a-db.db')
    writeFileSync(file, 'plain text, not SQLite '.repeat(200))
    expect((await refusal(`file:${file}`)).message).toBe('DATABASE_URL names a file that is not a SQLite database.')
    expect((await refusal(`file:${join(dir, 'missing-folder', 'x.db')}`)).message).toMatch(
      /^DATABASE_URL names a database file that cannot be opened/,
    )
  })
})
