// Cloudflare's side of wrangler, which cannot run here: answers only the exact commands the setup makes, keeps the
// account's state (Queues, D1 databases, with a libsql database as the remote D1, the Worker's secrets, its deployment) and
// throws on anything else.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import type { SetupContext } from '../../server/setup/context'
import type { WranglerRun } from '../../server/setup/doctor'
import { tomlStrings } from '../../server/setup/doctor'
import { queueNames } from '../../server/setup/queues'

export function wranglerStandIn(tomlPath: string) {
  const d1 = openLibsql(':memory:')
  const state = {
    databases: new Map<string, string>(),
    migrated: false,
    secrets: new Map<string, string>(),
    queues: new Set<string>(),
    bulkCalls: 0,
    deploys: 0,
    calls: [] as string[][],
  }
  const ok = (stdout: string): WranglerRun => ({ code: 0, stdout })
  const workerExists = () => state.deploys > 0 || state.secrets.size > 0
  const secretList = () =>
    workerExists()
      ? ok(JSON.stringify([...state.secrets.keys()].map((name) => ({ name, type: 'secret_text' }))))
      : { code: 1, stdout: '', stderr: 'This Worker does not exist on your account. [code: 10007]' }
  const boundDatabase = () => {
    const id = tomlStrings(readFileSync(tomlPath, 'utf8')).get('database_id')
    return [...state.databases.values()].includes(id!) ? id : null
  }

  async function answer(args: string[]): Promise<WranglerRun> {
    const command = args.join(' ')
    if (command === 'whoami') return ok('You are logged in with an OAuth Token, associated with the email a@b.jp.')
    if (command === 'secret list --format json') return secretList()
    const config = ` --config ${tomlPath}`
    if (!command.endsWith(config)) throw new Error(`unexpected wrangler ${command}`)
    const [verb, ...rest] = args.slice(0, -2)
    const tail = rest.join(' ')
    if (verb === 'secret' && tail === 'list --format json') return secretList()
    if (verb === 'secret' && rest[0] === 'bulk' && rest.length === 2) {
      if ((statSync(rest[1]!).mode & 0o777) !== 0o600) throw new Error('secrets file readable by others')
      const values = JSON.parse(readFileSync(rest[1]!, 'utf8')) as Record<string, string>
      for (const [name, value] of Object.entries(values)) state.secrets.set(name, value)
      state.bulkCalls++
      return ok(`✨ ${Object.keys(values).length} secrets successfully uploaded`)
    }
    if (verb === 'deployments' && tail === 'status --json') {
      return state.deploys > 0 ? ok('{"id":"d1"}') : { code: 1, stdout: '', stderr: 'no deployments' }
    }
    if (verb === 'queues' && rest.length === 2 && rest[0] === 'info') {
      if (state.queues.has(rest[1]!)) return ok(`Queue Name: ${rest[1]}\nNumber of Producers: 1`)
      return { code: 1, stdout: '', stderr: `Queue "${rest[1]}" does not exist. [code: 11000]` }
    }
    if (verb === 'queues' && rest.length === 2 && rest[0] === 'create') {
      if (state.queues.has(rest[1]!)) return { code: 1, stdout: '', stderr: 'Queue name already taken [code: 11009]' }
      state.queues.add(rest[1]!)
      return ok(`✅ Created queue ${rest[1]}.`)
    }
    if (verb === 'deploy' && tail === '') {
      if (!boundDatabase()) return { code: 1, stdout: '', stderr: 'D1 database not found' }
      const missing = queueNames(readFileSync(tomlPath, 'utf8')).filter((q) => !state.queues.has(q))
      if (missing.length > 0)
        return { code: 1, stdout: '', stderr: `Queue "${missing[0]}" does not exist. [code: 11000]` }
      state.deploys++
      return ok('Deployed tsunagu triggers')
    }
    if (verb !== 'd1') throw new Error(`unexpected wrangler ${command}`)
    if (tail === 'list --json') {
      return ok(JSON.stringify([...state.databases].map(([name, uuid]) => ({ uuid, name, version: 'production' }))))
    }
    if (rest[0] === 'create' && rest.length === 2 && !state.databases.has(rest[1]!)) {
      const uuid = crypto.randomUUID()
      state.databases.set(rest[1]!, uuid)
      return ok(
        `✅ Successfully created DB '${rest[1]}'\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "${rest[1]}"\ndatabase_id = "${uuid}"\n`,
      )
    }
    if (tail === `time-travel info ${rest[2]} --json` && state.databases.has(rest[2]!)) {
      return ok(JSON.stringify({ bookmark: `0000000${state.calls.length}-00000001-00004c6d-8e61117bf38d7adb` }))
    }
    if (tail === 'migrations apply DB --remote') {
      if (!boundDatabase()) return { code: 1, stdout: '', stderr: 'Couldn’t find a D1 DB with the id in wrangler.toml' }
      if (state.migrated) return ok('✅ No migrations to apply!')
      await migrateLibsql(d1.db)
      state.migrated = true
      const files = readdirSync('db/migrations').filter((f) => f.endsWith('.sql'))
      return ok(`Migrations to be applied:\n${files.join('\n')}\n✅ Applied ${files.length} migrations`)
    }
    const execute = /^execute DB --remote( --json)? --command ([\s\S]+)$/.exec(tail)
    if (execute && state.migrated && boundDatabase()) {
      if (!execute[1]) {
        await d1.db.run(sql.raw(execute[2]!))
        return ok('🚣 Executed 1 command')
      }
      const results = await d1.db.all(sql.raw(execute[2]!))
      return ok(JSON.stringify([{ results, success: true, meta: {} }]))
    }
    throw new Error(`unexpected wrangler ${command}`)
  }

  return {
    state,
    d1: d1.db,
    run: (args: string[]) => {
      state.calls.push(args)
      return answer(args)
    },
    close: () => d1.close(),
  }
}

/** A copy of the repository's wrangler.toml in a temp directory of its own, a stand-in for it and a step's context. */
export function standInCheckout(clock = () => new Date('2026-11-23T03:00:00Z')) {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-steps-test-'))
  const tomlPath = join(dir, 'wrangler.toml')
  copyFileSync('wrangler.toml', tomlPath)
  const wrangler = wranglerStandIn(tomlPath)
  const ctx: SetupContext = { env: {}, wranglerTomlPath: tomlPath, wrangler: wrangler.run, clock }
  return {
    tomlPath,
    wrangler,
    ctx,
    close() {
      wrangler.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
