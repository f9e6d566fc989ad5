// Several Node servers on one libsql server (sqld, started here): started at once on an empty database, they
// migrate and seed it once; checkouts, scheduled jobs and outbox drains through both have no double effect.
import { count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveries, jobRuns, members, pointLedger } from '../../../db/schema'
import { openLibsql } from '../../../db/client'
import journal from '../../../db/migrations/meta/_journal.json'
import { migrateLibsql } from '../../../db/migrate'
import { demo, seedDemoShop } from '../../../db/seed'
import { signCardToken } from '../../../server/domain/card-token'
import { startNodeServer, type NodeServer } from '../../../server/node-server'
import { personaByKey } from '../../../server/sandbox/personas'
import { signSession } from '../../../server/session-token'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { startLibsqlServer, type LibsqlServer } from '../../support/libsql-server'

// 03:30 in Tokyo: the first job run of the shop day also owes the daily jobs.
const now = new Date('2026-11-24T18:30:00Z')

describe('two Node servers on one libsql server', () => {
  let database: LibsqlServer
  let a: NodeServer
  let b: NodeServer
  const origin = (server: NodeServer) => `http://127.0.0.1:${server.address.port}`

  beforeAll(async () => {
    database = await startLibsqlServer()
    const common = { hostname: '127.0.0.1', serveApp: false, jobIntervalMs: 0, clock: () => now, log: () => {} }
    // Server A plays LINE (its sandbox); B sends to it, as two servers share one real LINE channel.
    a = await startNodeServer({ ...common, env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: database.url } })
    b = await startNodeServer({
      ...common,
      env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: database.url, LINE_SANDBOX_URL: `${origin(a)}/sandbox` },
    })
  }, 120_000)
  afterAll(async () => {
    await b?.close()
    await a?.close()
    await database?.stop()
  })

  const staffSession = () => signSession(a.config.sessionSecret, personaByKey('staff')!, now).token
  const earn = (server: NodeServer, body: Record<string, unknown>) =>
    fetch(`${origin(server)}/api/staff/checkout/earn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staffSession()}` },
      body: JSON.stringify(body),
    })

  it('uses the one database: no card cache kept in memory, the demo shop seeded once', async () => {
    expect(a.deps.cardViews).toBeFalsy()
    expect(b.deps.cardViews).toBeFalsy()
    const value = await memberCount(b)
    expect(value).toBe(await memberCount(a))
    expect(value).toBeGreaterThan(0)
  })

  it('accepts a scanned card once when both servers get it at the same moment', async () => {
    const cardToken = (await signCardToken(a.config.cardKeys, demo.customerMemberId, now)).value
    const answers = await Promise.all(
      [a, b].map((server, i) =>
        earn(server, { cardToken, purchaseAmount: 1000, idempotencyKey: `same-card-key-${i}` }).then((r) => r.status),
      ),
    )
    expect(answers.sort()).toEqual([200, 409])
  })

  it('lands every concurrent earn through either server once, with the ledger consistent', async () => {
    const before = await a.deps.db.query.members.findFirst({ where: eq(members.id, demo.customerMemberId) })
    const writes = Array.from({ length: 24 }, (_, i) => i)
    const answers = await Promise.all(
      writes.map(async (i) => {
        const cardToken = (await signCardToken(a.config.cardKeys, demo.customerMemberId, now)).value
        // Each key sent twice, to both servers: the second is a replay of the first, not a second earn.
        const body = { cardToken, purchaseAmount: 500, idempotencyKey: `twin-earn-${i}` }
        const [first, again] = await Promise.all([earn(i % 2 ? a : b, body), earn(i % 2 ? b : a, body)])
        return [first.status, again.status]
      }),
    )
    // The twin request carries the same (single-use) card token: it replays the earn or is refused as a used card.
    for (const [first, again] of answers) expect([first, again]).toContain(200)
    const after = await b.deps.db.query.members.findFirst({ where: eq(members.id, demo.customerMemberId) })
    const earned = await a.deps.db
      .select({ value: count() })
      .from(pointLedger)
      .where(sql`${pointLedger.idempotencyKey} LIKE 'checkout:%:twin-earn-%'`)
    expect(earned[0]!.value).toBe(writes.length)
    expect(after!.balance - before!.balance).toBe(writes.length * 10)
    expect(await ledgerViolations(a.deps.db)).toEqual(noViolations)
  })

  it('runs the daily jobs once and sends each planned message once when both servers run their jobs together', async () => {
    const pending = await a.deps.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.status, 'pending'))
    expect(pending.length).toBeGreaterThan(0)
    await Promise.all([a.jobs.tick(), b.jobs.tick(), a.jobs.tick(), b.jobs.tick()])
    await Promise.all([a.settle(), b.settle()])
    await Promise.all([a.jobs.tick(), b.jobs.tick()])
    await Promise.all([a.settle(), b.settle()])

    const daily = await a.deps.db.select().from(jobRuns)
    expect(daily).toHaveLength(1)
    expect(daily[0]).toMatchObject({ name: 'daily' })
    const rows = await a.deps.db.select().from(deliveries)
    // Everything due is sent (a notice planned for after the quiet hours waits for them).
    const due = rows.filter((row) => row.nextAttemptAt <= now)
    expect(due.filter((row) => row.status !== 'sent').map((row) => row.id)).toEqual([])
    expect(rows.filter((row) => row.status === 'sent').length).toBeGreaterThan(0)
    // LINE (A's sandbox) accepted each delivery once: one request per retry key, one message per receipt.
    const requests = a.sandbox!.messaging.record.requests
    const keys = requests.map((request) => request.retryKey)
    expect(new Set(keys).size).toBe(keys.length)
    const inbox = a.sandbox!.messaging.record.inbox.get(personaByKey('customer')!.lineUserId) ?? []
    const receipts = rows.filter((row) => row.kind === 'receipt').length
    expect(inbox.length).toBe(receipts)
  })
})

async function memberCount(server: NodeServer): Promise<number> {
  const [row] = await server.deps.db.select({ value: count() }).from(members)
  return row!.value
}

/** How many members the demo shop has, seeded once into a fresh embedded database. */
async function seededMemberCount(): Promise<number> {
  const reference = openLibsql(':memory:')
  await migrateLibsql(reference.db)
  await seedDemoShop(reference.db, now)
  const [row] = await reference.db.select({ value: count() }).from(members)
  reference.close()
  return row!.value
}

describe('two Node servers started at the same moment on an empty libsql server', () => {
  it('both come up, with the migrations applied and the demo shop seeded once', async () => {
    const database = await startLibsqlServer()
    const start = () =>
      startNodeServer({
        hostname: '127.0.0.1',
        serveApp: false,
        jobIntervalMs: 0,
        clock: () => now,
        log: () => {},
        env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: database.url },
      })
    const servers = await Promise.all([start(), start()])
    try {
      const db = servers[0].deps.db
      expect(await memberCount(servers[1])).toBe(await seededMemberCount())
      const migrations = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`)
      expect(migrations[0]!.n).toBe(journal.entries.length)
    } finally {
      await Promise.all(servers.map((server) => server.close()))
      await database.stop()
    }
  }, 120_000)
})
