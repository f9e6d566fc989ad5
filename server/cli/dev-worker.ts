// `npm run dev:worker`: the Worker under `wrangler dev` (local D1 migrated and seeded with the demo shop) behind the
// LINE sandbox on Node, one origin as with `npm start`: /sandbox and LINE's /v2 here, every other path to the Worker.
import { spawn } from 'node:child_process'
import { seedDemoShop } from '../../db/seed'
import { loadConfig } from '../config'
import { createLinePlatform } from '../line/platform'
import { restoreMemberMenus } from '../rich-menus/sandbox-links'
import { ensureRichMenus } from '../rich-menus/setup'
import { freeLoopbackPort } from './free-port'
import { migrateLocalD1, openLocalD1, wranglerCli } from './local-d1'
import { startSandboxFront } from './sandbox-front'

const port = Number(process.env.PORT ?? 8787)
const publicUrl = `http://localhost:${port}`
// The Worker (workerd) reaches the sandbox over IPv4 loopback, where the front server listens.
const vars = { PUBLIC_URL: publicUrl, LINE_SANDBOX: 'on', LINE_SANDBOX_URL: `http://127.0.0.1:${port}/sandbox` }
const config = loadConfig(vars)
const workerPort = await freeLoopbackPort()
const workerOrigin = `http://127.0.0.1:${workerPort}`

const { server } = await startSandboxFront(config, port, workerOrigin)

await migrateLocalD1()
const local = await openLocalD1()
try {
  const clock = () => new Date()
  const seeded = await seedDemoShop(local.db, clock())
  console.log(seeded ? 'Seeded the demo shop into the local D1' : 'The local D1 already has a shop; left as it is')
  // The sandbox forgets its rich menus on every start, as with `npm start`.
  const deps = { config, db: local.db, line: createLinePlatform(config.line, clock), clock }
  await ensureRichMenus(deps)
  await restoreMemberMenus(deps)
} finally {
  await local.dispose()
}

const varArgs = Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])
const wrangler = spawn(
  process.execPath,
  [
    wranglerCli,
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(workerPort),
    '--show-interactive-dev-session=false',
    ...varArgs,
  ],
  { stdio: 'inherit' },
)
console.log(`Tsunagu (Worker, local D1) will answer at ${publicUrl} once wrangler is ready  [LINE sandbox]`)
console.log(`  member card:    ${publicUrl}/`)
console.log(`  sandbox inbox:  ${publicUrl}/sandbox/inbox`)
console.log(`  cron:           ${publicUrl}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`)

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  if (wrangler.exitCode === null) wrangler.kill('SIGTERM')
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
wrangler.once('exit', (code) => {
  server.close()
  process.exit(stopping ? 0 : (code ?? 1))
})
