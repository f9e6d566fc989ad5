// Cloudflare Workers entry: wires D1, vars and secrets into the app once per isolate; runs the cron jobs.
import { clickTracking } from './data/campaign-clicks'
import { AsyncLocalStorage } from 'node:async_hooks'
import type {
  D1Database,
  DurableObjectNamespace,
  ExecutionContext,
  ExportedHandler,
  ExportedHandlerFetchHandler,
  Queue,
} from '@cloudflare/workers-types/index'
import { Hono } from 'hono'
import { createApp } from './app'
import { createShop, singleShop, type Shop } from './shop'
import { ConfigError, loadConfig, type Config } from './config'
import type { AppDeps } from './env'
import { errorBody } from './errors'
import { runDueJobs } from './jobs'
import { workerJobBudget } from './jobs/chunked'
import { createLinePlatform } from './line/platform'
import { channelPacer, defaultChannelRatePerSecond, type ChannelPacer } from './outbox/pacer-object'
import type { OutboxClaimMessage } from './outbox/queue-producer'
import { sendClaims } from './outbox/queue-consumer'
import { markClaimDead } from './outbox/store'
import { createBindingRateLimiter } from './rate-limit/cloudflare'
import { elapsedMs, logAccess, requestIdOf, withRequestId } from './middleware/request-log'
import { isAppPage, serveAppPage, type AssetsFetcher } from './worker-page'
import { openD1 } from '../db/d1'
import { openD1Session } from '../db/driver/d1-session-scope'

/** Bindings from wrangler.toml: the D1 database, the LIFF app's assets, plus the string vars and secrets `loadConfig` reads. */
export interface Env {
  DB: D1Database
  ASSETS?: AssetsFetcher
  /** The outbox Queue (wrangler.toml): when bound, the cron hands due deliveries to it and `queue` sends them. */
  OUTBOX_QUEUE?: Queue<OutboxClaimMessage>
  /** The OutboxPacer Durable Object: one calendar of start times per channel for all queue consumers. */
  OUTBOX_PACER?: DurableObjectNamespace
  [name: string]: unknown
}

/** What an isolate builds from its bindings: the app, or the configuration problems it answers with. */
type Built =
  | { deps: Shop; pacer?: ChannelPacer; fetch: ExportedHandlerFetchHandler<Env> }
  | { error: ConfigError; fetch: ExportedHandlerFetchHandler<Env> }

/** The execution context of the request (or cron run) being handled, so cached deps can reach its `waitUntil`. */
const current = new AsyncLocalStorage<ExecutionContext>()

function background(work: Promise<unknown>): void {
  const logged = work.catch((err: unknown) => console.error('background work failed', err))
  const ctx = current.getStore()
  if (ctx) ctx.waitUntil(logged)
  else console.error('background work started outside a request; it may be cut short')
}

/** Hono is typed with the DOM lib's Request/Response (root tsconfig); workerd's are the same objects at runtime. */
function workerFetch(app: { fetch: (request: Request) => Response | Promise<Response> }) {
  return app.fetch as unknown as ExportedHandlerFetchHandler<Env>
}

/** Answers every request with the configuration problems (they name fields, never values) and logs them each time. */
function misconfigured(error: ConfigError): Built {
  const app = new Hono().all('*', (c) => {
    console.error(error.message)
    return c.json(errorBody('config_invalid', `The server is misconfigured: ${error.problems.join('; ')}`), 500)
  })
  return { error, fetch: workerFetch(app) }
}

/** OUTBOX_RATE_PER_SECOND: requests per second all queue consumers together stay under (default LINE's 2,000). */
function outboxRate(env: Env): number {
  const value = env.OUTBOX_RATE_PER_SECOND
  if (value === undefined || value === '') return defaultChannelRatePerSecond
  const rate = Number(value)
  if (!Number.isInteger(rate) || rate < 1)
    throw new ConfigError(['OUTBOX_RATE_PER_SECOND: must be a whole number of requests per second, at least 1'])
  return rate
}

/** The dead-letter queue's name in wrangler.toml: its messages are claims the outbox Queue gave up on. */
const outboxDeadLetterQueue = 'tsunagu-outbox-dlq'
/** `max_retries` of the outbox Queue's consumer in wrangler.toml. */
const outboxMaxRetries = 5

function build(env: Env): Built {
  let config: Config
  let rateLimiter: AppDeps['rateLimiter']
  let ratePerSecond: number
  try {
    config = loadConfig(env)
    rateLimiter = createBindingRateLimiter(env)
    ratePerSecond = outboxRate(env)
  } catch (err) {
    if (err instanceof ConfigError) return misconfigured(err)
    throw err
  }
  const clock = () => new Date()
  const deps: AppDeps = {
    config,
    db: openD1(env.DB),
    // Customer requests, one D1 session each (read replicas; server/middleware/read-session.ts).
    openSession: (start) => openD1Session(env.DB, start),
    line: createLinePlatform(config.line, clock),
    clock,
    background,
    rateLimiter,
    // Cloudflare sets this on every request, replacing any the client sent.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    log: (line) => console.log(line),
    outboxQueue: env.OUTBOX_QUEUE,
  }
  // One pacer object for the channel: every consumer invocation asks the same one.
  const pacer = env.OUTBOX_PACER && channelPacer(env.OUTBOX_PACER, 'messaging', ratePerSecond)
  // The isolate serves one shop: its context (settings, caches) lives as long as the isolate's bindings.
  const shop = createShop(deps)
  return { deps: shop, pacer, fetch: workerFetch(createApp(deps, singleShop(shop))) }
}

/** The shop's time zone for a page; TIME_ZONE when the settings cannot be read (the page still opens). */
const shopTimeZone = (shop: Shop) => shop.timeZone().catch(() => shop.config.timeZone)

/** A page of the LIFF app, with the request id and access line the app gives its own answers. */
async function servePage(page: Request, assets: AssetsFetcher, deps: Shop): Promise<Response> {
  const started = performance.now()
  const requestId = requestIdOf(page.headers)
  const res = withRequestId(await serveAppPage(page, assets, deps.config, () => shopTimeZone(deps)), requestId)
  const path = new URL(page.url).pathname
  logAccess(deps, { requestId, method: page.method, path, status: res.status, ms: elapsedMs(started) })
  return res
}

/** Durable Object classes must be exports of the Worker's main module. */
export { OutboxPacer } from './outbox/pacer-object'

// Bindings do not change within an isolate, so the app (and its JWKS cache) is built once per `env`.
const cache = new WeakMap<Env, Built>()

function built(env: Env): Built {
  let entry = cache.get(env)
  if (!entry) cache.set(env, (entry = build(env)))
  return entry
}

export default {
  fetch(request, env, ctx) {
    const entry = built(env)
    // Pages of the LIFF app: index.html with the public config in it (no GET /api/config before LIFF can start).
    const page = request as unknown as Request
    if (env.ASSETS && 'deps' in entry && isAppPage(page)) {
      return servePage(page, env.ASSETS, entry.deps) as unknown as ReturnType<typeof entry.fetch>
    }
    return current.run(ctx, () => entry.fetch(request, env, ctx))
  },

  async scheduled(controller, env, ctx) {
    const entry = built(env)
    if ('error' in entry) throw entry.error
    // One trigger (wrangler.toml): the daily jobs come with the first run after 03:00 in the shop's time zone.
    const report = await current.run(ctx, () =>
      runDueJobs(entry.deps, new Date(controller.scheduledTime), { budget: workerJobBudget() }),
    )
    console.log('scheduled jobs', controller.cron, JSON.stringify(report))
  },

  async queue(batch, env, ctx) {
    const entry = built(env)
    if (!('deps' in entry)) throw entry.error
    const { deps, pacer } = entry
    if (batch.queue === outboxDeadLetterQueue) {
      for (const message of batch.messages) {
        const claim = message.body as OutboxClaimMessage
        const error = `dead-lettered after ${message.attempts} queue deliveries`
        await markClaimDead(deps.db, claim.ids, new Date(claim.leaseUntil), error)
        message.ack()
      }
      return
    }
    if (!pacer) throw new Error('the outbox Queue needs the OUTBOX_PACER Durable Object binding (wrangler.toml)')
    // The last delivery before the dead-letter queue records transient failures as pending (the cron retries them).
    const claims = batch.messages.map((m) => ({
      body: m.body as OutboxClaimMessage,
      redeliver: m.attempts <= outboxMaxRetries,
      attempts: m.attempts,
    }))
    try {
      const { report, verdicts } = await current.run(ctx, () =>
        sendClaims(deps, claims, pacer, { clicks: clickTracking(deps.config) }),
      )
      console.log('outbox batch', JSON.stringify(report))
      verdicts.forEach((v, i) =>
        v.ack ? batch.messages[i]!.ack() : batch.messages[i]!.retry({ delaySeconds: v.delaySeconds }),
      )
    } catch (err) {
      // Rows stay claimed (`sending`) and keep their retry keys: the redelivered messages send each at most once.
      console.error('outbox batch failed', err)
      batch.retryAll()
    }
  },
} satisfies ExportedHandler<Env>
