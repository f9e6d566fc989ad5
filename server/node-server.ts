// Starts the product on Node: libsql, migrations, the LINE sandbox when no credentials are set, the LIFF app.
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { tuneEmbeddedLibsql, type LibsqlDatabase } from '../db/client'
import { connectLibsql, DatabaseUnavailableError, describeDatabaseError } from '../db/connect'
import { migrateLibsql } from '../db/migrate'
import { checkpointInBackground } from '../db/wal-checkpointer'
import { seedDemoShop } from '../db/seed'
import { createApp } from './app'
import { createCardViewCache } from './data/card-view-cache'
import { loadConfig, type Config } from './config'
import type { AppDeps, Background } from './env'
import { startJobRunner, type JobRunner } from './jobs/interval'
import { createLinePlatform } from './line/platform'
import { ensureRichMenus } from './rich-menus/setup'
import { createSandbox, serveSandboxMessagingApi } from './sandbox'
import { createLoginSandbox } from './sandbox/login'
import { mountLiffApp } from './static-assets'

export interface NodeServer {
  url: string
  config: Config
  deps: AppDeps
  sandbox?: Awaited<ReturnType<typeof createSandbox>>
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

function listen(port: number, hostname: string, fetch: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) => resolve({ server, port: info.port }))
    server.once('error', reject)
  })
}

export async function startNodeServer(options: StartOptions = {}): Promise<NodeServer> {
  const env = { ...(options.env ?? process.env) }
  const hostname = options.hostname ?? '0.0.0.0'
  const clock = options.clock ?? (() => new Date())
  let handler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 })
  const requestedPort = loadConfig(env).port
  const { server, port } = await listen(requestedPort, hostname, (req) => handler(req))
  env.PUBLIC_URL ??= `http://localhost:${port}`
  env.PORT = String(port)
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
  const deps: AppDeps = {
    config,
    db: database.db,
    line: createLinePlatform(config.line, clock),
    clock,
    background,
    cardViews: database.dataStamp && createCardViewCache(database.dataStamp),
    log: options.log ?? ((line) => console.log(line)),
    reportError: options.reportError,
  }
  const app = createApp(deps)
  let sandbox: NodeServer['sandbox']
  if (config.sandbox) {
    const login = await createLoginSandbox({ issuer: config.line.idTokenIssuer, channelId: config.line.loginChannelId })
    sandbox = await createSandbox({
      publicUrl: config.publicUrl,
      sandboxUrl: config.sandboxUrl,
      channelAccessToken: config.line.channelAccessToken,
      channelSecret: config.line.channelSecret,
      login: login.app,
    })
    app.route('/sandbox', sandbox.app)
    serveSandboxMessagingApi(app, sandbox)
  }
  if (options.serveApp !== false) mountLiffApp(app)
  handler = (req) => app.fetch(req)
  const jobs = startJobRunner(deps, { intervalMs: options.jobIntervalMs })
  // The sandbox forgets everything on restart: create the guest and member rich menus so the demo has them.
  if (sandbox) await ensureRichMenus(deps).catch((err: unknown) => console.error('rich menu setup failed', err))

  return {
    url: config.publicUrl,
    config,
    deps,
    sandbox,
    settle,
    jobs,
    close: async () => {
      await jobs.stop()
      await settle()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await checkpointer?.stop()
      database.close()
    },
  }
}
