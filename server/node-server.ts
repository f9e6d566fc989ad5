// Starts the product on Node: libsql, migrations, the LINE sandbox when no credentials are set, the LIFF app.
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { tuneEmbeddedLibsql, type LibsqlDatabase } from '../db/client'
import { connectLibsql, DatabaseUnavailableError, describeDatabaseError } from '../db/connect'
import { migrateLibsql } from '../db/migrate'
import { checkpointInBackground } from '../db/wal-checkpointer'
import { seedDemoShop } from '../db/seed'
import { createApp, type App } from './app'
import { createShop, singleShop, type Shop } from './shop'
import { nodeClientAddress } from './client-address'
import { createCardViewCache } from './data/card-view-cache'
import { createStampWatch } from './data/data-watch'
import { loadConfig, type Config } from './config'
import type { AppDeps, Background } from './env'
import { startJobRunner, type JobRunner } from './jobs/interval'
import { createLinePlatform } from './line/platform'
import { createMemoryRateLimiter } from './rate-limit/limiter'
import { restoreMemberMenus } from './rich-menus/sandbox-links'
import { ensureRichMenus } from './rich-menus/setup'
import { createSandboxFor, serveSandboxMessagingApi, type Sandbox } from './sandbox'
import { mountLiffApp } from './static-assets'

export interface NodeServer {
  url: string
  /** The address and port the server listens on. */
  address: AddressInfo
  /** The Hono app it serves: the API, the sandbox when on, the LIFF app. */
  app: App
  config: Config
  /** The one shop this server serves (its context: settings, caches and the wired dependencies). */
  deps: Shop
  sandbox?: Sandbox
  /** Resolves when background work started by requests so far has finished. */
  settle(): Promise<void>
  /** The scheduled jobs (reminders, outbox, expiry, ranks) on an interval; `tick()` runs them now. */
  jobs: JobRunner
  close(): Promise<void>
}

export interface StartOptions {
  env?: Record<string, string | undefined>
  /** Serve the built LIFF app from dist/liff (default true). */
  serveApp?: boolean
  /** Create the demo shop in an empty database when the sandbox is on (default true). */
  seed?: boolean
  clock?: () => Date
  /** Overrides `HOST` (config.host). */
  hostname?: string
  /** How often the scheduled jobs run (default 60 s; 0: only when `jobs.tick()` is called). */
  jobIntervalMs?: number
  /** Where the access lines go (default stdout). */
  log?: AppDeps['log']
  /** The shop's error tracker (see `AppDeps.reportError`). */
  reportError?: AppDeps['reportError']
}

function trackedBackground(): { background: Background; settle: () => Promise<void> } {
  const pending = new Set<Promise<unknown>>()
  return {
    background: (work) => {
      const tracked = work
        .catch((err: unknown) => console.error('background work failed', err))
        .finally(() => pending.delete(tracked))
      pending.add(tracked)
    },
    settle: async () => {
      while (pending.size > 0) await Promise.all([...pending])
    },
  }
}

/** The database of `DATABASE_URL`, its folder created for an embedded file; a `DatabaseUnavailableError` if it cannot be used. */
async function openDatabase(config: Config): Promise<LibsqlDatabase> {
  if (config.databaseUrl.startsWith('file:')) {
    const dir = config.databaseUrl.slice('file:'.length).replace(/[^/]*$/, '')
    try {
      if (dir) mkdirSync(dir, { recursive: true })
    } catch (err) {
      throw new DatabaseUnavailableError(describeDatabaseError(err, config.databaseUrl), { cause: err })
    }
  }
  return connectLibsql(config.databaseUrl, config.databaseAuthToken)
}

/** What @hono/node-server passes beside each request (`incoming`: the socket, for `getConnInfo`). */
type NodeBindings = Record<string, unknown>
type Handler = (req: Request, bindings: NodeBindings) => Response | Promise<Response>

function listen(port: number, hostname: string, fetch: Handler) {
  return new Promise<{ server: ServerType; address: AddressInfo }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (address: AddressInfo) => resolve({ server, address }))
    server.once('error', reject)
  })
}

export async function startNodeServer(options: StartOptions = {}): Promise<NodeServer> {
  const env = { ...(options.env ?? process.env) }
  const clock = options.clock ?? (() => new Date())
  let handler: Handler = () => new Response('starting', { status: 503 })
  const requested = loadConfig(env)
  const hostname = options.hostname ?? requested.host
  const { server, address } = await listen(requested.port, hostname, (req, bindings) => handler(req, bindings))
  env.PUBLIC_URL ??= `http://localhost:${address.port}`
  env.PORT = String(address.port)
  const config = loadConfig(env)

  let database: LibsqlDatabase
  try {
    database = await openDatabase(config)
  } catch (err) {
    await new Promise((resolve) => server.close(resolve))
    throw err
  }
  await tuneEmbeddedLibsql(database.db, config.databaseUrl)
  await migrateLibsql(database.db)
  if (config.sandbox && options.seed !== false) await seedDemoShop(database.db, clock())
  const checkpointer = await checkpointInBackground(database.db, config.databaseUrl)

  const { background, settle } = trackedBackground()
  const closing = new AbortController()
  const wired: AppDeps = {
    config,
    db: database.db,
    line: createLinePlatform(config.line, clock),
    clock,
    background,
    // In memory, not in the database: on Node every write statement makes every kept card view stale.
    rateLimiter: createMemoryRateLimiter(clock),
    clientAddress: nodeClientAddress(config.clientIpHeader),
    cardViews: database.dataStamp && createCardViewCache(database.dataStamp),
    dataWatch: database.dataStamp && createStampWatch(database.dataStamp),
    groupCommit: database.dataStamp !== undefined,
    closing: closing.signal,
    log: options.log ?? ((line) => console.log(line)),
    reportError: options.reportError,
  }
  const deps = createShop(wired)
  const app = createApp(wired, singleShop(deps))
  let sandbox: NodeServer['sandbox']
  if (config.sandbox) {
    sandbox = await createSandboxFor(config)
    app.route('/sandbox', sandbox.app)
    serveSandboxMessagingApi(app, sandbox)
  }
  if (options.serveApp !== false) mountLiffApp(app)
  handler = (req, bindings) => app.fetch(req, bindings)
  const jobs = startJobRunner(deps, { intervalMs: options.jobIntervalMs })
  // The sandbox forgets everything on restart: create the guest and member rich menus so the demo has them.
  if (sandbox)
    await ensureRichMenus(deps)
      .then(() => restoreMemberMenus(deps))
      .catch((err: unknown) => console.error('rich menu setup failed', err))

  return {
    url: config.publicUrl,
    address,
    app,
    config,
    deps,
    sandbox,
    settle,
    jobs,
    close: async () => {
      closing.abort()
      await jobs.stop()
      await settle()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await checkpointer?.stop()
      database.close()
    },
  }
}
