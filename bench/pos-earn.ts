// pos-earn: latency of POST /api/integration/purchases (POS earn with an API key) on Node + embedded libsql with the
// checkout-earn database (1M members, 10M ledger rows), 50 tills (one key each) at one sale a second; target as the
// staff checkout: p99 ≤ 50 ms. BENCH_MEMBERS picks a smaller database (ledger rows 10× members) where 1M cannot run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApiKey } from '../server/data/api-keys'
import { memberNumberFor } from '../server/domain/member-number'
import { bigDb, cacheDir, copyBigDb, defaultBigDb, sampleLinkedMembers, type BigDb } from './fixtures/big-db'
import { startEarnServer } from './support/earn-server'
import { formatLoad, runLoad } from './support/load'
import { machineLine, verdict } from './support/report'
import { targetP99Ms } from './checkout-earn'

const tills = 50
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000)

/**
 * The 1M-member database as cached, even when it was built before this branch's migrations (the server migrates its
 * private copy forward on start): regenerating it takes long on a shared machine, and `bigDb` would delete the file
 * that other worktrees' benchmarks reuse. Other sizes are generated (or reused) by `bigDb`.
 */
async function anyCachedBigDb(members: number): Promise<BigDb> {
  const options = { ...defaultBigDb, members, ledgerRows: members * 10 }
  if (members !== defaultBigDb.members) return bigDb(options)
  const prefix = `big-${options.members}m-${options.ledgerRows}l-`
  const cached = readdirSync(cacheDir, { withFileTypes: true }).find(
    (f) => f.name.startsWith(prefix) && f.name.endsWith('.db'),
  )
  if (!cached) return bigDb(options)
  const path = join(cacheDir, cached.name)
  return { path, url: `file:${path}`, options, generatedMs: null, bytes: 0 }
}

export async function run(): Promise<void> {
  console.log(`pos-earn — ${machineLine()}`)
  const big = await anyCachedBigDb(Number(process.env.BENCH_MEMBERS ?? defaultBigDb.members))
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-pos-'))
  const copyStarted = performance.now()
  const url = copyBigDb(big, dir)
  console.log(`database: copy of ${big.path} in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s`)
  const server = await startEarnServer(url)
  try {
    const grant = { scopes: ['purchases' as const], rateTier: 'standard' as const }
    const keys = await Promise.all(
      Array.from({ length: tills }, (_, i) => createApiKey(server.deps.db, `till ${i + 1}`, 'bench', grant)),
    )
    const headers = keys.map(({ key }) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' }))
    const sample = sampleLinkedMembers(5_000, big.options)
    const sale = (id: number, i: number) => ({
      memberNumber: memberNumberFor(id),
      amount: 3240,
      storeCode: `store-${1 + (i % big.options.stores)}`,
    })
    const base = server.url.replace('localhost', '127.0.0.1')
    const lookups = sample.map((id, i) => JSON.stringify({ memberNumber: sale(id, i).memberNumber }))
    // Steady state, as in checkout-earn: every sampled member read once (a fresh copy of the file is cold).
    const warm = await runLoad({
      url: `${base}/api/integration/purchases/lookup`,
      method: 'POST',
      headers,
      bodies: lookups,
      concurrency: tills,
      warmupMs: 0,
      durationMs: 5_000,
    })
    console.log(`warm-up look-ups: ${formatLoad(warm)}`)
    console.log(
      `${big.options.members.toLocaleString()} members; ${tills} tills, one API key each; client and server share the machine\n`,
    )
    const bodies = sample.map((id, i) => JSON.stringify({ ...sale(id, i), receiptId: `bench-{{seq}}-${id}` }))
    const paced = {
      url: `${base}/api/integration/purchases`,
      method: 'POST',
      headers,
      bodies,
      concurrency: tills,
      warmupMs: 2_000,
      durationMs,
      thinkMs: 1_000,
    } as const
    const inStep = await runLoad(paced)
    console.log(`${'1 sale/s per till'.padEnd(26)} ${formatLoad(inStep)}`)
    const outOfStep = await runLoad({ ...paced, staggered: true })
    console.log(`${'same, tills out of step'.padEnd(26)} ${formatLoad(outOfStep)}`)
    for (const [label, r] of [
      ['in step', inStep],
      ['out of step', outOfStep],
    ] as const) {
      const ok = r.p99 <= targetP99Ms && r.errors === 0
      console.log(
        verdict(`POS earn p99 at ${tills} tills, ${label}`, ok, `${r.p99.toFixed(1)} ms (target ≤ ${targetP99Ms} ms)`),
      )
    }
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
