// worker-fanout: the Worker in workerd (miniflare, in this process, with the Queue, Durable Object and D1 bindings of
// wrangler.toml, on the local state `wrangler dev` uses) fans N personalised messages out from one cron run through
// the outbox Queue to the LINE sandbox limited to 2,000 req/s: the rate reached, duplicates and lost messages.
//
//   npm run bench -- worker-fanout [--messages=N] [--faults] [--kill] [--consumers=N] [--latency=MS] [--limit=N]
//   npm run bench -- worker-fanout --ceiling [--messages=N] [--consumers=N] [--latency=MS]
//
// Miniflare's local Queue delivers one batch at a time; Cloudflare runs up to `max_concurrency` consumer invocations
// at once. So the Worker's producer sends to the real local Queue, whose only consumer here is a tap (a few lines in
// the bench's own worker) handing the messages to support/queue-delivery.ts, a model of Cloudflare's delivery that
// invokes the Worker's `queue()` handler through miniflare's API (`getWorker().queue()`), up to wrangler.toml's
// max_concurrency at once, in batches of max_batch_size, with its retries and dead-letter queue. Every invocation
// asks the real OutboxPacer object for its tokens, and the sandbox checks the sum against the limit.
//
// --messages (or BENCH_FANOUT): how many (default 10,000). --latency: ms added to each sandbox answer (default 50,
// LINE's round trip, so one invocation's 6 connections carry ~120 req/s as on Cloudflare). --consumers: invocations
// at once instead of max_concurrency. --faults: the sandbox answers 5 % of requests 500 and every 5 s a burst of up
// to 50 × 429 within 1 s (at --limit=N, N/40). --kill: once a third is delivered, workerd is killed with SIGKILL (every invocation in it
// dies mid-batch) and started again on the same state; the Queue (the model) outlives it and delivers the batches
// again, and rows LINE had accepted come back 409 under their retry keys. --limit: the channel's rate limit instead
// of 2,000 (sandbox and pacer both). BENCH_PROFILE=file: a CPU profile of the Worker for 20 s of sending.
//
// Every run ends with the machine's ceiling, and --ceiling measures only it: a Worker that does nothing but send (no
// pacing, D1, pacer object or Queue), in a workerd of its own, as many invocations at once with 6 connections each,
// against the same sandbox thread and latency with its limit lifted. workerd runs every invocation on one thread, so
// no outbox in one workerd goes faster than this, and the share of it the outbox reaches is what its pacing and
// bookkeeping cost.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { sql } from 'drizzle-orm'
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from 'miniflare'
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler'
import { sandboxChannel } from '../server/config'
import { liffDist } from '../server/static-assets'
import { migrateLocalD1, openLocalD1, wranglerCli } from '../server/cli/local-d1'
import { machineLine, table, verdict } from './support/report'
import {
  createQueueDelivery,
  type QueueDelivery,
  type QueueMessageInput,
  type QueueTarget,
} from './support/queue-delivery'
import { startSandboxThread, type SandboxThread } from './support/sandbox-thread'

const option = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
const messages = Number(option('messages')?.split('=')[1] ?? process.env.BENCH_FANOUT ?? 10_000)
const faults = option('faults') !== undefined
const kill = option('kill') !== undefined
/** Only the ceiling (see `measureCeiling`): what a Worker that does nothing but send carries on this machine. */
const ceilingOnly = option('ceiling') !== undefined
/** Consumer invocations at once; default wrangler.toml's max_concurrency (what Cloudflare allows). */
const consumers = option('consumers') ? Number(option('consumers')!.split('=')[1]) : undefined
/**
 * Added to every sandbox answer, in ms (default 50): LINE's round trip from Cloudflare, which makes each invocation's 6
 * connections carry ~120 req/s (the loopback sandbox alone answers at once).
 */
const latencyMs = Number(option('latency')?.split('=')[1] ?? 50)
const outboxQueue = 'tsunagu-outbox'
/** BENCH_PROFILE=file.cpuprofile: a CPU profile of the Worker (workerd's inspector) for 20 s of sending. */
const profilePath = process.env.BENCH_PROFILE
/**
 * The channel's limit (default LINE's 2,000 req/s): the sandbox enforces it (a sliding 1 s window, 429 beyond) and
 * the Worker paces to it (OUTBOX_RATE_PER_SECOND). A lower one shows the pacer holding the sum of all invocations to
 * it at a rate this machine's CPU can carry.
 */
const limitPerSecond = Number(option('limit')?.split('=')[1] ?? 2000)
/** The producer's lease (queue-producer.ts): after it, a cron run claims rows a dead consumer held. */
const leaseMs = 15 * 60_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function plan(persistTo: string, now: number): Promise<void> {
  const { db, dispose } = await openLocalD1({ persistTo })
  try {
    await db.run(
      sql`INSERT INTO settings (key, value) VALUES ('messaging', '{"quietHours":null,"expiryWarningDays":30}')`,
    )
    await db.run(
      sql`INSERT INTO job_runs (name, period, claimed_at, finished_at) VALUES ('daily', '9999-12-31', ${now}, ${now})`,
    )
    for (let from = 1; from <= messages; from += 10_000) {
      const to = Math.min(messages, from + 9_999)
      await db.run(sql`WITH RECURSIVE seq(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM seq WHERE i < ${to})
        INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, next_attempt_at,
          hold_in_quiet_hours, created_at)
        SELECT 'bench:' || i, 'notice', 'U' || printf('%032x', i),
          json_array(json_object('type', 'text', 'text', 'ご予約のお知らせ #' || i)),
          lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' ||
            substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), ${now}, 0, ${now} FROM seq`)
    }
  } finally {
    await dispose()
  }
}

/** The Worker bundled as `wrangler deploy` would upload it (esbuild, wrangler.toml's `main` and flags). */
function bundleWorker(outdir: string): Promise<string> {
  // wrangler refuses a config whose assets folder is missing (a fresh clone before `npm run build`); the bench serves
  // no page, so an empty folder is enough.
  mkdirSync(liffDist, { recursive: true })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerCli, 'deploy', '--dry-run', '--outdir', outdir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve(join(outdir, 'worker.js')) : reject(new Error(`wrangler deploy --dry-run: exit ${code}`)),
    )
  })
}

/**
 * A stand-in consumer of the outbox Queue in the same workerd (bench-only, not the product): it hands every message
 * the Worker's producer sent to the bench's model of Cloudflare's delivery (support/queue-delivery.ts), which then
 * invokes the Worker's own `queue()` handler, many at once.
 */
const tapScript = `export default {
  async queue(batch, env) {
    const messages = batch.messages.map((m) => ({ id: m.id, timestamp: m.timestamp.getTime(), body: m.body }))
    const res = await env.TAP.fetch('http://tap/', { method: 'POST', body: JSON.stringify(messages) })
    if (!res.ok) throw new Error('tap: ' + res.status)
  },
}`

interface Workerd {
  mf: Miniflare
  worker: QueueTarget & { scheduled(o: { scheduledTime: Date; cron: string }): Promise<{ outcome: string }> }
}

/** Starts workerd (miniflare) with the Worker as wrangler.toml binds it, on the state `wrangler dev` would use. */
async function startWorkerd(
  persistTo: string,
  scriptPath: string,
  sandboxUrl: string,
  tap: (messages: QueueMessageInput<unknown>[]) => void,
  log: (line: string) => void,
): Promise<Workerd> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml')
  // The Queue's consumer is the tap (the bench delivers to the Worker), no cron trigger (the bench runs them), and no
  // static assets (not used here); the bundle is one module.
  const {
    queueConsumers: _consumers,
    cronTriggers: _crons,
    assets: _assets,
    modulesRules: _rules,
    ...options
  } = workerOptions
  const bound = options as unknown as { bindings: Record<string, string>; compatibilityDate: string }
  const product = {
    ...options,
    name: 'tsunagu',
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    bindings: {
      ...bound.bindings,
      LINE_SANDBOX: 'on',
      LINE_SANDBOX_URL: sandboxUrl,
      OUTBOX_RATE_PER_SECOND: String(limitPerSecond),
    },
  } as unknown as V4WorkerOptions
  const queueTap: V4WorkerOptions = {
    name: 'queue-tap',
    modules: true,
    script: tapScript,
    compatibilityDate: bound.compatibilityDate,
    queueConsumers: { [outboxQueue]: { maxBatchSize: 100, maxBatchTimeout: 0 } },
    serviceBindings: {
      TAP: async (request) => {
        tap((await request.json()) as QueueMessageInput<unknown>[])
        return new Response(null, { status: 204 })
      },
    },
  }
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...(profilePath ? { inspectorPort: 0 } : {}),
      resourcePersistencePath: join(persistTo, 'v3'),
      handleStructuredLogs: ({ message }) => log(message),
      workers: [product, queueTap],
    }),
  )
  await mf.ready
  return { mf, worker: (await mf.getWorker('tsunagu')) as unknown as Workerd['worker'] }
}

/**
 * The same machine's ceiling, for comparison: a Worker that only sends. No pacing, no D1, no pacer object, no Queue:
 * each invocation sends its share over 6 connections, each request as the outbox's push makes it (same headers, a
 * fresh retry key, one text message), its answer read. Bench-only.
 */
const bareSenderScript = (pushUrl: string, token: string) => `export default {
  async fetch(request) {
    const url = new URL(request.url)
    let next = Number(url.searchParams.get('from'))
    const end = next + Number(url.searchParams.get('n'))
    let refused = 0
    const connection = async () => {
      while (next < end) {
        const i = next++
        const res = await fetch(${JSON.stringify(pushUrl)}, {
          method: 'POST',
          headers: {
            authorization: ${JSON.stringify(`Bearer ${token}`)},
            'content-type': 'application/json',
            'user-agent': 'tsunagu',
            'x-line-retry-key': crypto.randomUUID(),
          },
          body: '{"to":"U' + i.toString(16).padStart(32, '0') + '","messages":[{"type":"text","text":"ご予約のお知らせ #' + i + '"}]}',
        })
        await res.text()
        if (!res.ok) refused++
      }
    }
    await Promise.all(Array.from({ length: 6 }, connection))
    return Response.json({ refused })
  },
}`

/** Sets the sandbox's faults or limits (its `PUT /__sandbox/faults` and `/__sandbox/limits`). */
const putSandbox = (sandbox: SandboxThread, what: 'faults' | 'limits', body: object) =>
  fetch(`${sandbox.url}/__sandbox/${what}`, { method: 'PUT', body: JSON.stringify(body) }).then((r) => r.json())

interface Ceiling {
  invocations: number
  requests: number
  rate: number
  workerdMsPerRequest: number
  /** This process's CPU (the sandbox thread, nearly all of it) a request. */
  sandboxMsPerRequest: number
}

/**
 * Runs the bare sender in a workerd of its own against the same sandbox thread (its rate limit lifted, the same added
 * latency), as `invocations` invocations at once: what one workerd process carries here when a Worker does nothing
 * but send. The outbox's rate is bounded by this whatever its pacing.
 */
async function measureCeiling(sandbox: SandboxThread, invocations: number, requests: number): Promise<Ceiling> {
  await sandbox.reset()
  await putSandbox(sandbox, 'limits', { sendPerSecond: 1_000_000, monthlyQuota: null })
  if (latencyMs > 0) await putSandbox(sandbox, 'faults', { delayMs: latencyMs })
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml')
  const { compatibilityDate, compatibilityFlags } = workerOptions as {
    compatibilityDate?: string
    compatibilityFlags?: string[]
  }
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        {
          name: 'bare-sender',
          modules: true,
          script: bareSenderScript(`${sandbox.url}/v2/bot/message/push`, sandboxChannel.channelAccessToken),
          compatibilityDate,
          compatibilityFlags,
        },
      ],
    }),
  )
  try {
    await mf.ready
    const share = Math.ceil(requests / invocations)
    const cpuAtStart = cpuSeconds(workerdPid())
    const ownCpuAtStart = process.cpuUsage()
    const answers = await Promise.all(
      Array.from({ length: invocations }, (_, i) =>
        mf
          .dispatchFetch(`http://bare/?from=${i * share}&n=${share}`)
          .then((r) => r.json() as Promise<{ refused: number }>),
      ),
    )
    const cpu = cpuSeconds(workerdPid()) - cpuAtStart
    const ownCpu = process.cpuUsage(ownCpuAtStart)
    const summary = await sandbox.summary()
    const refused = answers.reduce((n, a) => n + a.refused, 0)
    if (refused > 0) throw new Error(`the bare sender had ${refused} requests refused`)
    const seconds = (summary.lastAt - summary.firstAt) / 1000
    return {
      invocations,
      requests: summary.push,
      rate: summary.push / Math.max(seconds, 0.001),
      workerdMsPerRequest: (cpu * 1000) / Math.max(summary.push, 1),
      sandboxMsPerRequest: (ownCpu.user + ownCpu.system) / 1000 / Math.max(summary.push, 1),
    }
  } finally {
    await mf.dispose()
  }
}

const ceilingLine = (c: Ceiling) =>
  `ceiling here: a Worker that only sends (no pacing, D1, pacer object or Queue; ${c.invocations} invocations at ` +
  `once, 6 connections each, the same sandbox and latency, no rate limit) carried ${c.rate.toFixed(0)} req/s ` +
  `(${((c.rate / limitPerSecond) * 100).toFixed(0)} % of ${limitPerSecond.toLocaleString('en')}) over ${c.requests} ` +
  `requests, workerd ${c.workerdMsPerRequest.toFixed(2)} ms a request, this process (the sandbox) ` +
  `${c.sandboxMsPerRequest.toFixed(2)} ms`

/** The workerd process this process started (miniflare's runtime). */
function workerdPid(): number {
  const children = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
  const pids = children
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'workerd')
    .map(([pid]) => Number(pid))
  if (pids.length !== 1) throw new Error(`expected one workerd child, found ${pids.length}`)
  return pids[0]!
}

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** SIGKILLs workerd: every invocation in it dies mid-batch. Returns the CPU seconds it had used. */
async function killWorkerd(w: Workerd): Promise<number> {
  const pid = workerdPid()
  const used = cpuSeconds(pid)
  process.kill(pid, 'SIGKILL')
  await w.mf.dispose().catch(() => {})
  return used
}

/** Records a CPU profile of the Worker's isolate for `ms` through workerd's inspector (Chrome DevTools protocol). */
async function profileWorker(w: Workerd, path: string, ms: number): Promise<void> {
  const url = new URL('/core:user:tsunagu', await w.mf.getInspectorURL())
  const socket = new WebSocket(url)
  await new Promise((resolve, reject) => {
    socket.onopen = resolve
    socket.onerror = reject
  })
  let id = 0
  const pending = new Map<number, (result: unknown) => void>()
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown }
    if (message.id !== undefined) pending.get(message.id)?.(message.result)
  }
  const send = (method: string) =>
    new Promise<unknown>((resolve) => {
      pending.set(++id, resolve)
      socket.send(JSON.stringify({ id, method }))
    })
  await send('Profiler.enable')
  await send('Profiler.start')
  await sleep(ms)
  const { profile } = (await send('Profiler.stop')) as { profile: unknown }
  writeFileSync(path, JSON.stringify(profile))
  socket.close()
}

/** One cron run at `time` (ms since the epoch), as Cloudflare's trigger would make it. */
async function cron(w: Workerd, time: number): Promise<void> {
  const res = await w.worker.scheduled({ scheduledTime: new Date(time), cron: '*/5 * * * *' })
  if (res.outcome !== 'ok') throw new Error(`the cron run failed: ${res.outcome}`)
}

/** wrangler.toml's settings for the outbox Queue's consumer (what Cloudflare applies). */
function consumerSettings() {
  const config = unstable_readConfig({ config: 'wrangler.toml' })
  const c = config.queues.consumers?.find((q: { queue: string }) => q.queue === outboxQueue)
  if (!c) throw new Error(`wrangler.toml has no consumer for ${outboxQueue}`)
  return {
    maxBatchSize: c.max_batch_size ?? 10,
    maxBatchTimeoutSeconds: c.max_batch_timeout ?? 5,
    maxRetries: c.max_retries ?? 3,
    maxConcurrency: c.max_concurrency ?? 250,
    deadLetterQueue: c.dead_letter_queue,
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-fanout-'))
  const persistTo = join(dir, 'state')
  const logPath = join(dir, 'workerd.log')
  const log = createWriteStream(logPath)
  const settings = { ...consumerSettings(), queueName: outboxQueue }
  if (consumers !== undefined) settings.maxConcurrency = consumers
  const sandbox = await startSandboxThread(sandboxChannel.channelAccessToken, { sendPerSecond: limitPerSecond }, 'http')
  const setFaults = (body: object) => putSandbox(sandbox, 'faults', body)
  let w: Workerd | undefined
  let delivery: QueueDelivery<unknown> | undefined
  let bursts: ReturnType<typeof setInterval> | undefined
  const loadAtStart = loadavg()
  try {
    if (ceilingOnly) {
      console.log(machineLine())
      console.log(ceilingLine(await measureCeiling(sandbox, settings.maxConcurrency, messages)))
      return
    }
    const scriptPath = await bundleWorker(join(dir, 'bundle'))
    await migrateLocalD1({ persistTo })
    await plan(persistTo, Date.now() - 1000)
    const tap = (messages: QueueMessageInput<unknown>[]) => delivery?.add(messages)
    // The consumer's own report of each invocation (server/worker.ts logs it): rows retried and subrequests made.
    const batches = { retried: 0, maxSubrequests: 0, maxRows: 0, pushRequests: 0, subrequests: 0, lateStarts: 0 }
    const logLine = (line: string) => {
      log.write(line + '\n')
      if (!line.startsWith('outbox batch ')) return
      const report = JSON.parse(line.slice('outbox batch '.length)) as {
        retried: number
        subrequests: number
        claimed: number
        pushRequests: number
        lateStarts: number
      }
      batches.retried += report.retried
      batches.pushRequests += report.pushRequests
      batches.subrequests += report.subrequests
      batches.lateStarts += report.lateStarts
      batches.maxSubrequests = Math.max(batches.maxSubrequests, report.subrequests)
      batches.maxRows = Math.max(batches.maxRows, report.claimed)
    }
    w = await startWorkerd(persistTo, scriptPath, sandbox.url, tap, logLine)
    delivery = createQueueDelivery(w.worker, settings)
    if (latencyMs > 0) await setFaults({ delayMs: latencyMs })
    if (faults) {
      await setFaults({ serverErrorRate: 0.05 })
      // A burst is up to 50 answers of 429 within 1 s at 2,000 req/s (then over, used up or not), every 5 s: 1 request
      // in 200; at a lower limit, as many in proportion.
      const burst = Math.max(1, Math.round((50 * limitPerSecond) / 2000))
      bursts = setInterval(() => {
        void setFaults({ rateLimitBurst: burst }).then(() => sleep(1000).then(() => setFaults({ rateLimitBurst: 0 })))
      }, 5000)
    }
    // CPU used from here: workerd's (the Worker: cron, consumers, pacer object, D1) and this process's (the sandbox
    // thread, the queue delivery model, miniflare's proxy).
    let workerdCpu = -cpuSeconds(workerdPid())
    const benchCpuAtStart = process.cpuUsage()
    const started = performance.now()
    await cron(w, Date.now())
    const producedMs = performance.now() - started
    const cronCpu = workerdCpu + cpuSeconds(workerdPid())
    if (profilePath) void profileWorker(w, profilePath, 20_000)
    let summary = await sandbox.summary()
    let restartMs = 0
    let crons = 1
    let killedInFlight = 0
    let last = { delivered: -1, at: performance.now() }
    for (;;) {
      await sleep(1000)
      summary = await sandbox.summary()
      if (summary.delivered !== last.delivered) last = { delivered: summary.delivered, at: performance.now() }
      if (kill && restartMs === 0 && summary.users >= messages / 3) {
        const killedAt = performance.now()
        killedInFlight = delivery.stats().running
        delivery.pause()
        workerdCpu += await killWorkerd(w)
        w = await startWorkerd(persistTo, scriptPath, sandbox.url, tap, logLine)
        workerdCpu -= cpuSeconds(workerdPid())
        restartMs = performance.now() - killedAt
        // Cloudflare's Queue outlives the consumer: the batches that died with it come again (attempts + 1).
        delivery.resume(w.worker)
        last.at = performance.now()
      }
      if (summary.users >= messages && delivery.outstanding() === 0) break
      // Quiet for 20 s with nothing left in the Queue: what is left waits for a cron run (rows recorded pending after
      // the Queue's last retry, or held by a claim whose messages were lost); the next run after their lease.
      if (performance.now() - last.at > 20_000 && delivery.outstanding() === 0) {
        if (crons >= 8) break
        await cron(w, Date.now() + crons * (leaseMs + 60_000))
        crons++
        last.at = performance.now()
      }
    }
    if (bursts) clearInterval(bursts)
    workerdCpu += cpuSeconds(workerdPid())
    const benchCpu = process.cpuUsage(benchCpuAtStart)
    const stats = delivery.stats()
    const seconds = (summary.lastAt - summary.firstAt) / 1000
    const rate = summary.push / Math.max(seconds - restartMs / 1000, 0.001)
    console.log(machineLine())
    const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ')
    console.log(`load average at the start: ${load(loadAtStart)}; at the end: ${load(loadavg())}`)
    console.log(
      `options: --messages=${messages}${faults ? ' --faults' : ''}${kill ? ' --kill' : ''}` +
        (consumers !== undefined ? ` --consumers=${consumers}` : '') +
        (limitPerSecond !== 2000 ? ` --limit=${limitPerSecond}` : '') +
        ` --latency=${latencyMs}`,
    )
    console.log(
      table([
        [
          'messages',
          'cron (claim + enqueue)',
          'push accepted',
          'req/s',
          `% of ${limitPerSecond.toLocaleString('en')}`,
          'busiest 1 s',
          'duplicates',
          'lost',
        ],
        [
          messages,
          `${(producedMs / 1000).toFixed(1)} s`,
          summary.push,
          rate.toFixed(0),
          `${((rate / limitPerSecond) * 100).toFixed(0)} %`,
          summary.busiestSecond,
          summary.duplicates,
          messages - summary.users,
        ],
      ]),
    )
    console.log(
      `consumer invocations: ${stats.invocations} of up to ${settings.maxBatchSize} messages (${stats.withRetries} ` +
        `handing messages back for a retry, ${stats.failedInvocations} failed or killed), at most ` +
        `${settings.maxConcurrency} at once: peak ${stats.peakConcurrency}, mean ` +
        `${(stats.busySeconds / Math.max(stats.spanSeconds, 0.001)).toFixed(1)}; dead-lettered: ${stats.deadLettered}; ` +
        `cron runs: ${crons}; per invocation at most ${batches.maxRows} rows and ${batches.maxSubrequests} ` +
        `subrequests; push requests made ${batches.pushRequests} (accepted ${summary.push}), pacer calls and D1 ` +
        `queries ${batches.subrequests - batches.pushRequests}, reserved starts left unused as too late ` +
        `${batches.lateStarts}; rows handed back for a retry (timeouts, 5xx, 429): ` +
        `${batches.retried}` +
        (kill
          ? `; workerd killed with ${killedInFlight} invocations running, restarted in ` +
            `${(restartMs / 1000).toFixed(1)} s (not counted in req/s)`
          : ''),
    )
    const perRequest = (cpu: number) => `${((cpu * 1000) / Math.max(summary.requests, 1)).toFixed(2)} ms`
    const sendingCpu = workerdCpu - cronCpu
    console.log(
      `CPU: workerd ${workerdCpu.toFixed(1)} s (cron ${cronCpu.toFixed(1)} s; consumers and pacer ` +
        `${sendingCpu.toFixed(1)} s, ${perRequest(sendingCpu)} a LINE request), this process (sandbox, delivery ` +
        `model) ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s ` +
        `(${perRequest((benchCpu.user + benchCpu.system) / 1e6)} a request); sending took ${seconds.toFixed(1)} s`,
    )
    // What the CPU allowed: the share of the 2 cores this run got, and what two free cores would carry at these costs
    // a request (workerd runs every invocation on one JavaScript thread, the sandbox has one thread).
    const benchSeconds = (benchCpu.user + benchCpu.system) / 1e6
    const perCore = (cpu: number) => summary.requests / Math.max(cpu, 0.001)
    console.log(
      `CPU share while sending: ${((sendingCpu + benchSeconds) / Math.max(seconds, 0.001)).toFixed(2)} of the 2 ` +
        `cores; two free cores, one per thread, would carry ~${Math.min(perCore(sendingCpu), perCore(benchSeconds)).toFixed(0)} ` +
        `accepted requests/s at these costs; the sandbox thread's event loop ran late by ` +
        `${summary.loopDelayP99Ms?.toFixed(0)} ms at p99 (max ${summary.loopDelayMaxMs?.toFixed(0)} ms)`,
    )
    console.log(`accepted each second: ${summary.perSecond.join(' ')}`)
    // The Worker's workerd is done: its D1 is read directly below, and the ceiling runs without it.
    await w.mf.dispose()
    w = undefined
    if (summary.users < messages) {
      const { db, dispose } = await openLocalD1({ persistTo })
      const errors = await db.all(sql`SELECT status, last_error, count(*) AS n FROM deliveries GROUP BY 1, 2 LIMIT 5`)
      await dispose()
      console.log('not delivered:', JSON.stringify(errors))
    }
    // The ceiling: the same sandbox and invocations at once, a Worker that only sends.
    const ceiling = await measureCeiling(sandbox, settings.maxConcurrency, Math.min(messages, 20_000))
    console.log(`${ceilingLine(ceiling)}; the outbox reached ${((rate / ceiling.rate) * 100).toFixed(0)} % of it`)
    console.log(
      verdict('no duplicates, none lost', summary.duplicates === 0 && summary.users === messages, `${summary.users}`),
    )
    console.log(verdict('under the limit', summary.busiestSecond <= limitPerSecond, `${summary.busiestSecond}/s`))
    console.log(verdict('at least 90 % of the limit', rate >= 0.9 * limitPerSecond, `${rate.toFixed(0)}/s`))
  } finally {
    if (bursts) clearInterval(bursts)
    delivery?.close()
    await w?.mf.dispose().catch(() => {})
    await sandbox.close()
    log.end()
    if (process.env.BENCH_KEEP_LOG) copyFileSync(logPath, process.env.BENCH_KEEP_LOG)
    rmSync(dir, { recursive: true, force: true })
  }
}
