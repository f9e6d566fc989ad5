// Builds the LIFF app into dist/liff (what startNodeServer serves) by building aside and swapping directories in,
// so a concurrent reader of dist/liff (a browser test, a running server) never sees a half-emptied folder.
import { existsSync, renameSync, rmSync } from 'node:fs'
import { build } from 'vite'
import { liffDist } from '../../server/static-assets'

export async function buildLiffApp(mode: 'production' | 'line' = 'production'): Promise<void> {
  const fresh = `${liffDist}.bench-${process.pid}`
  const old = `${liffDist}.old-${process.pid}`
  await build({ configFile: 'vite.config.ts', mode, logLevel: 'warn', build: { outDir: fresh, emptyOutDir: true } })
  if (existsSync(liffDist)) renameSync(liffDist, old)
  renameSync(fresh, liffDist)
  rmSync(old, { recursive: true, force: true })
}
