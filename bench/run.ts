// `npm run bench` runs every benchmark; `npm run bench -- <name> [...]` runs the named ones.
const benchmarks: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  'card-bundle': () => import('./card-bundle'),
  'card-time-to-qr': () => import('./card-time-to-qr'),
  'card-throughput': () => import('./card-throughput'),
  'checkout-earn': () => import('./checkout-earn'),
  reminders: () => import('./reminders'),
  'segment-count': () => import('./segment-count'),
}

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in benchmarks))
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${Object.keys(benchmarks).join(', ')}`)
    process.exit(2)
  }
  for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
    console.log(`\n=== ${name} ===`)
    const started = performance.now()
    await (await benchmarks[name]!()).run()
    console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  }
}

main(process.argv.slice(2).filter((a) => !a.startsWith('-'))).then(
  // Each benchmark closes its servers and workers; exit anyway so a stray handle cannot keep the run alive.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
