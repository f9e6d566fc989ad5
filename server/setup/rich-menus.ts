// Setup step: the rich menus created on LINE (unless the ones D1 names still exist there) and their ids saved in D1
// through `wrangler d1 execute`, as the same settings row saveRichMenuIds writes on libsql.
import { openLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { loadConfig, type Config } from '../config'
import { createLinePlatform } from '../line/platform'
import { richMenuSettingKey, saveRichMenuIds, type RichMenuIds } from '../rich-menus/ids'
import { ensureRichMenus, type RichMenuDeps } from '../rich-menus/setup'
import { wranglerOk, type SetupContext, type StepResult } from './context'
import { askLine } from './setup-error'

export type D1Location = 'remote' | 'local'

/**
 * The config the rich menus need: LINE's part and PUBLIC_URL. The Worker's signing secrets are not used for them, so a
 * run without them (they live only on the Worker) gets a stand-in that is never a secret of anything.
 */
export function richMenuConfig(env: Record<string, string | undefined>): Config {
  const unused = 'setup:rich-menus-only-not-a-secret-of-the-worker'
  return loadConfig({ CARD_TOKEN_KEYS: unused, SESSION_SECRET: unused, ...env, LINE_SANDBOX: 'off' })
}

/** A SQL literal of a value drizzle hands its driver. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return `'${String(value).replaceAll("'", "''")}'`
}

/** One statement with its parameters written in, for `wrangler d1 execute --command`. */
function inlined(query: { sql: string; params: unknown[] }): string {
  let i = 0
  return query.sql.replace(/\?/g, () => literal(query.params[i++]))
}

/** The rich menu ids the database names, or null before the menus were ever set up. */
export async function storedRichMenuIds(ctx: SetupContext, location: D1Location): Promise<RichMenuIds | null> {
  const select = `SELECT value FROM settings WHERE key = '${richMenuSettingKey}'`
  const args = ['d1', 'execute', 'DB', `--${location}`, '--json', '--command', select]
  const out = JSON.parse(await wranglerOk(ctx, args, 'read the rich menu ids from D1')) as {
    results: { value: string }[]
  }[]
  const value = out[0]?.results[0]?.value
  return value ? (JSON.parse(value) as RichMenuIds) : null
}

/**
 * Has `make` (ensureRichMenus, or setUpRichMenus to create them anew) set the menus up on LINE against a scratch copy
 * of the settings row, and writes the row to D1 when the ids changed.
 */
export async function richMenusInD1(
  ctx: SetupContext,
  config: Config,
  location: D1Location,
  make: (deps: RichMenuDeps) => Promise<RichMenuIds> = ensureRichMenus,
): Promise<StepResult> {
  const scratch = openLibsql(':memory:')
  try {
    await migrateLibsql(scratch.db)
    const stored = await storedRichMenuIds(ctx, location)
    if (stored) await saveRichMenuIds(scratch.db, stored, 'system:richmenu-setup', ctx.clock())
    const deps = { config, db: scratch.db, line: createLinePlatform(config.line, ctx.clock), clock: ctx.clock }
    const ids = await askLine('create the rich menus', () => make(deps), 'Check LINE_CHANNEL_ACCESS_TOKEN')
    if (stored?.guest === ids.guest && stored.member === ids.member) return { changes: [] }
    const upsert = inlined(saveRichMenuIds(scratch.db, ids, 'system:richmenu-setup', ctx.clock()).toSQL())
    await wranglerOk(ctx, ['d1', 'execute', 'DB', `--${location}`, '--command', upsert], 'save the rich menu ids in D1')
    return {
      changes: [`created rich menus guest ${ids.guest}, member ${ids.member} (default: guest), ids saved in D1`],
    }
  } finally {
    scratch.close()
  }
}
