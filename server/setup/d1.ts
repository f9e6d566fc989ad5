// Setup step: the D1 database named in wrangler.toml, found or created, its id written into wrangler.toml, then a
// Time Travel bookmark to go back to and the pending migrations applied.
import { readFileSync, writeFileSync } from 'node:fs'
import { tomlStrings } from './doctor'
import { d1Flag, wranglerOk, type SetupContext, type StepResult } from './context'
import { SetupError } from './setup-error'

/** wrangler.toml with `database_id` set to `id`: only that line changes, comments stay. */
export function withDatabaseId(toml: string, id: string): string {
  return toml.replace(/^(\s*database_id\s*=\s*)"[^"]*"/m, (_, key: string) => `${key}"${id}"`)
}

async function findOrCreate(ctx: SetupContext, name: string, changes: string[]): Promise<string> {
  const listed = JSON.parse(await wranglerOk(ctx, ['d1', 'list', '--json'], 'list the D1 databases')) as {
    uuid: string
    name: string
  }[]
  const found = listed.find((db) => db.name === name)
  if (found) return found.uuid
  const created = await wranglerOk(ctx, ['d1', 'create', name], `create the D1 database ${name}`)
  const id = /database_id"?\s*[=:]\s*"([0-9a-f-]{36})"/.exec(created)?.[1]
  if (!id)
    throw new SetupError(`wrangler created the D1 database ${name} but printed no database_id: run the setup again`)
  changes.push(`created D1 database ${name} (${id})`)
  return id
}

/** The Time Travel bookmark to go back to, as a note with its restore command. */
async function bookmark(ctx: SetupContext, name: string): Promise<string> {
  const info = await wranglerOk(ctx, ['d1', 'time-travel', 'info', name, '--json'], 'read the Time Travel bookmark')
  const { bookmark } = JSON.parse(info) as { bookmark: string }
  return `D1 bookmark before the migrations: ${bookmark}. To go back: npx wrangler d1 time-travel restore ${name} --bookmark=${bookmark}`
}

/**
 * Read replication is a setting of the database that neither wrangler.toml nor wrangler's commands hold: Cloudflare's
 * dashboard or its REST API (a token with D1:Edit) turns it on. The Worker is right either way (its customer sessions
 * then all read the primary).
 */
function replicationNote(accountId: string | undefined, id: string): string {
  return (
    'D1 read replication (customer reads near the customer): turn it on once in the dashboard (D1 › database › ' +
    'Settings › Enable read replication), or: curl -X PUT https://api.cloudflare.com/client/v4/accounts/' +
    `${accountId ?? '<account id>'}/d1/database/${id} -H "Authorization: Bearer <token with D1:Edit>" ` +
    `-H "Content-Type: application/json" -d '{"read_replication":{"mode":"auto"}}'`
  )
}

export async function ensureD1(ctx: SetupContext): Promise<StepResult> {
  const toml = readFileSync(ctx.wranglerTomlPath, 'utf8')
  const name = tomlStrings(toml).get('database_name')
  if (!name) throw new SetupError(`${ctx.wranglerTomlPath} names no D1 database (database_name under [[d1_databases]])`)
  const changes: string[] = []
  const id = await findOrCreate(ctx, name, changes)
  if (tomlStrings(toml).get('database_id') !== id) {
    writeFileSync(ctx.wranglerTomlPath, withDatabaseId(toml, id))
    changes.push(`wrangler.toml: database_id → ${id}`)
  }
  const notes =
    ctx.target === 'local'
      ? ['local D1: no Time Travel bookmark (Cloudflare keeps those)']
      : [await bookmark(ctx, name), replicationNote(ctx.env.CLOUDFLARE_ACCOUNT_ID, id)]
  const applied = await wranglerOk(ctx, ['d1', 'migrations', 'apply', 'DB', d1Flag(ctx)], 'apply the D1 migrations')
  if (!/No migrations to apply/.test(applied)) {
    const names = [...new Set(applied.match(/\d{4}_[\w-]+\.sql/g) ?? [])]
    changes.push(`applied D1 migrations${names.length ? `: ${names.join(', ')}` : ''}`)
  }
  return { changes, notes }
}
