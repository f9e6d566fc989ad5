// `npm run bench` runs every benchmark; `npm run bench -- <name> [...]` runs the named ones, each in a process of its
// own: a benchmark must not inherit another's heap. Two Vite builds in the same process (card-time-to-qr) had cut the
// card-throughput ratio that followed from 0.57× to 0.35–0.40×.
import { spawnSync } from 'node:child_process'

const benchmarks: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  'birthday-planner': () => import('./birthday-planner'),
  'body-limits': () => import('./body-limits'),
  'card-bundle': () => import('./card-bundle'),
  'card-idle-requests': () => import('./card-idle-requests'),
  'card-time-to-qr': () => import('./card-time-to-qr'),
  'card-throughput': () => import('./card-throughput'),
  'checkout-earn': () => import('./checkout-earn'),
  'pos-earn': () => import('./pos-earn'),
  'click-redirect': () => import('./click-redirect'),
  reminders: () => import('./reminders'),
  'scenario-planner': () => import('./scenario-planner'),
  'segment-count': () => import('./segment-count'),
  'segment-count-d1': () => import('./segment-count-d1'),
  'worker-fanout': () => import('./worker-fanout'),
}

/** Runs one benchmark here. */
async function runOne(name: string): Promise<void> {
  console.log(`\n=== ${name} ===`)
  const started = performance.now()
  await (await benchmarks[name]!()).run()
  console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`)
}

/** Runs each benchmark in a child process (this script with one name, under the same loader); true if all exited 0. */
function runEach(names: string[]): boolean {
  let ok = true
  for (const name of names) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], { stdio: 'inherit' })
    if (child.status !== 0) {
      console.error(`benchmark ${name} failed (exit ${child.status ?? child.signal})`)
      ok = false
    }
  }
  return ok
}

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in benchmarks))
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${Object.keys(benchmarks).join(', ')}`)
    process.exit(2)
  }
  if (names.length === 1) await runOne(names[0]!)
  else if (!runEach(names.length > 0 ? names : Object.keys(benchmarks))) process.exit(1)
}

main(process.argv.slice(2).filter((a) => !a.startsWith('-'))).then(
  // Each benchmark closes its servers and workers; exit anyway so a stray handle cannot keep the run alive.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
