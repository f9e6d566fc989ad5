// wrangler's local D1 (the one `wrangler dev` serves): migrations applied by wrangler, then open from Node.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { D1Database } from '@cloudflare/workers-types/index'
import { getPlatformProxy } from 'wrangler'
import type { Database } from '../../db/client'
import { openD1 } from '../../db/d1'

/** wrangler's CLI, run by this process's Node (under npm scripts the pinned Node 22). */
export const wranglerCli = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin/wrangler.js',
)

export interface LocalD1Options {
  /** wrangler's `--persist-to` directory; default `.wrangler/state`, where `wrangler dev` keeps its data. */
  persistTo?: string
  /** The wrangler.toml naming the database; default the repository's. */
  configPath?: string
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerCli, ...args], { stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(' ')}: exit ${code}`)),
    )
  })
}

/** Applies the pending migrations of db/migrations to the local D1 `DB` (recorded where `wrangler d1` reads them). */
export function migrateLocalD1(options: LocalD1Options = {}): Promise<void> {
  const persist = options.persistTo ? ['--persist-to', options.persistTo] : []
  return run(['d1', 'migrations', 'apply', 'DB', '--local', ...persist])
}

/** Opens the local D1 `DB` through wrangler's platform proxy; `dispose` before `wrangler dev` takes it over. */
export async function openLocalD1(
  options: LocalD1Options = {},
): Promise<{ db: Database; d1: D1Database; dispose(): Promise<void> }> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: options.configPath ?? 'wrangler.toml',
    envFiles: [],
    remoteBindings: false,
    persist: options.persistTo ? { path: join(options.persistTo, 'v3') } : true,
  })
  return { db: openD1(proxy.env.DB), d1: proxy.env.DB, dispose: () => proxy.dispose() }
}
