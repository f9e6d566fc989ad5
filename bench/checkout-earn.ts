// checkout-earn: latency of POST /api/staff/checkout/earn on Node + embedded libsql with 1M members and 10M ledger
// rows, at 50 concurrent cashiers: saturated (back to back) and at a till's pace (one checkout a second each).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { memberNumberFor } from '../server/domain/member-number'
import { signSession } from '../server/session-token'
import { bigDb, copyBigDb, sampleLinkedMembers } from './fixtures/big-db'
import { startEarnServer } from './support/earn-server'
import { formatLoad, runLoad, type LoadOptions } from './support/load'
import { machineLine, verdict } from './support/report'

export const targetP99Ms = 50
const cashiers = 50
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const cashierLineUserId = (n: number) => `Ubench${'0'.repeat(20)}${String(n).padStart(6, '0')}`

export async function run(): Promise<void> {
  console.log(`checkout-earn — ${machineLine()}`)
  const big = await bigDb()
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-earn-'))
  const url = copyBigDb(big, dir)
  const server = await startEarnServer(url)
  try {
    const now = new Date()
    // One staff member per till, spread over the stores; sessions signed directly (the ID-token path is not measured).
    const values = Array.from(
      { length: cashiers },
      (_, i) =>
        sql`(${cashierLineUserId(i)}, ${`レジ ${i + 1}`}, ${1 + (i % big.options.stores)}, 'staff', 1, ${now.getTime()})`,
    )
    await server.deps.db.run(
      sql`INSERT INTO staff (line_user_id, display_name, store_id, role, active, created_at) VALUES ${sql.join(values, sql`, `)}`,
    )
    const headers = Array.from({ length: cashiers }, (_, i) => {
      const { token } = signSession(server.config.sessionSecret, { lineUserId: cashierLineUserId(i) }, now)
      return { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    })
    const sample = sampleLinkedMembers(5_000, big.options)
    // {{seq}} counts from 1 in each load run: the phase's name in the key keeps a phase from replaying the keys of
    // the one before (answered as replays, nothing written).
    const bodiesFor = (phase: string) =>
      sample.map((id) =>
        JSON.stringify({
          memberNumber: memberNumberFor(id),
          purchaseAmount: 3240,
          idempotencyKey: `bench-earn-${phase}-{{seq}}-${id}`,
        }),
      )
    const base = server.url.replace('localhost', '127.0.0.1')
    const earnUrl = `${base}/api/staff/checkout/earn`
    // Steady state, as in card-throughput: look every sampled member up once (a fresh copy of a 2.5 GB file is cold).
    const warmStart = performance.now()
    for (let i = 0; i < sample.length; i += cashiers) {
      await Promise.all(
        sample
          .slice(i, i + cashiers)
          .map((id) =>
            fetch(`${base}/api/staff/checkout/members/${memberNumberFor(id)}`, { headers: headers[0] }).then((r) =>
              r.arrayBuffer(),
            ),
          ),
      )
    }
    console.log(
      `looked up all ${sample.length.toLocaleString()} members once: ${((performance.now() - warmStart) / 1000).toFixed(1)} s`,
    )
    console.log(
      `database: copy of ${big.path} (${(big.bytes / 2 ** 30).toFixed(2)} GiB); ${cashiers} cashier sessions, 5,000 members`,
    )
    console.log('client and server share the same 2 cores; scheduled jobs are off so only checkout writes\n')

    // Tills in step: all start together and pause exactly 1 s, so each second is one burst of ~50 earns (the worst
    // case, bounded by how fast the server drains a burst). Independent tills: each starts at a random point of its
    // first second, as 50 cashiers serving their own queues do.
    const pacedLoad = {
      url: earnUrl,
      method: 'POST',
      headers,
      bodies: bodiesFor('in-step'),
      concurrency: cashiers,
      warmupMs: 2_000,
      durationMs,
      thinkMs: 1_000,
    } as const
    // The server thread's CPU time per earn written (warm-up included): far less moved than p99 and req/s by other
    // work on a shared machine, so it shows what a change to the earn saves when the latencies are swamped.
    const lastEntry = async () =>
      (await server.deps.db.all<{ id: number }>(sql`SELECT max(id) AS id FROM point_ledger`))[0]!.id
    const phase = async (label: string, options: LoadOptions) => {
      const [cpu0, id0] = [process.threadCpuUsage(), await lastEntry()]
      const r = await runLoad(options)
      const cpu = process.threadCpuUsage(cpu0)
      const perEarn = (cpu.user + cpu.system) / 1000 / ((await lastEntry()) - id0)
      console.log(`${label.padEnd(26)} ${formatLoad(r)}; server thread ${perEarn.toFixed(2)} ms CPU/earn`)
      return r
    }
    const paced = await phase('1 checkout/s per till', pacedLoad)
    const independent = await phase('same, tills out of step', {
      ...pacedLoad,
      bodies: bodiesFor('out-of-step'),
      staggered: true,
    })
    await phase('back to back (saturated)', { ...pacedLoad, bodies: bodiesFor('saturated'), thinkMs: 0 })
    console.log(
      verdict(
        'checkout earn p99 at 50 tills, 1 checkout/s each',
        paced.p99 <= targetP99Ms && paced.errors === 0,
        `${paced.p99.toFixed(1)} ms (target ≤ ${targetP99Ms} ms)`,
      ),
    )
    console.log(
      verdict(
        'checkout earn p99 at 50 tills, 1 checkout/s each, out of step',
        independent.p99 <= targetP99Ms && independent.errors === 0,
        `${independent.p99.toFixed(1)} ms (target ≤ ${targetP99Ms} ms)`,
      ),
    )
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
