// `npm run rehearse`: `npm run setup`'s steps end to end against the LINE sandbox and a local Worker (workerd, local
// D1), all in a temp directory; then the first admin's invite and the card opened in Chromium as LINE opens them, the
// demo member linked, and the member rich menu checked through the sandbox. Prints `rehearsal ok`, else exits 1.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { messagingApi } from '@line/bot-sdk'
import type { Browser } from 'playwright-core'
import { seedDemoShop } from '../../db/seed'
import { loadConfig, sandboxChannel } from '../config'
import { launchChromium } from '../rehearse/chromium'
import { localWorker } from '../rehearse/local-worker'
import { localWrangler } from '../rehearse/local-wrangler'
import { rehearsalToml } from '../rehearse/local-config'
import { joinWithInvite, liffTarget, linkDemoMember, openInLine } from '../rehearse/in-line'
import { personaByKey } from '../sandbox/personas'
import { storedRichMenuIds } from '../setup/rich-menus'
import { runSetup } from '../setup/run-setup'
import { SetupError } from '../setup/setup-error'
import { openLocalD1 } from './local-d1'
import { freeLoopbackPort } from './free-port'
import { startSandboxFront, type SandboxFront } from './sandbox-front'

// The rehearsal needs no network but the loopback: wrangler need not try to send its usage metrics.
process.env.WRANGLER_SEND_METRICS ??= 'false'

const started = performance.now()
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
const say = (line: string) => console.log(line)
const stepDone = (title: string) => say(`■ ${title}  [${elapsed()}]`)

const dir = mkdtempSync(join(tmpdir(), 'tsunagu-rehearse-'))
const configPath = join(dir, 'wrangler.toml')
const persistTo = join(dir, 'state')
const assetsDir = join(dir, 'liff')
const frontPort = await freeLoopbackPort()
let workerPort = await freeLoopbackPort()
while (workerPort === frontPort) workerPort = await freeLoopbackPort()
const publicUrl = `http://127.0.0.1:${frontPort}`
const worker = localWorker({ configPath, persistTo, port: workerPort, logPath: join(dir, 'wrangler-dev.log') })
let front: SandboxFront | undefined
let browser: Browser | undefined

let cleaning: Promise<void> | undefined
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await browser?.close().catch(() => {})
    await worker.stop()
    await front?.close()
    rmSync(dir, { recursive: true, force: true })
  })()
  return cleaning
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`rehearsal interrupted (${signal}); cleaning up`)
    void cleanUp().then(() => process.exit(130))
  })
}

function build(): Promise<void> {
  return new Promise((done, fail) => {
    const args = ['vite', 'build', '--outDir', assetsDir, '--emptyOutDir', '--logLevel', 'warn']
    const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('exit', (code) => (code === 0 ? done() : fail(new SetupError(`vite build failed (exit ${code})`))))
  })
}

async function rehearse(): Promise<void> {
  say(`Rehearsing the go-live in ${dir} (LINE sandbox and Worker at ${publicUrl})`)
  const sandboxUrl = `${publicUrl}/sandbox`
  writeFileSync(
    configPath,
    rehearsalToml(readFileSync('wrangler.toml', 'utf8'), { root: resolve('.'), assetsDir, sandboxUrl }),
  )
  const config = loadConfig({ PUBLIC_URL: publicUrl, LINE_SANDBOX: 'on', LINE_SANDBOX_URL: sandboxUrl })
  front = await startSandboxFront(config, frontPort, worker.origin)
  stepDone('LINE sandbox')

  // What a shop's developer gives `npm run setup`, with the sandbox's channels and API in place of LINE's.
  const env = {
    PUBLIC_URL: publicUrl,
    LINE_LOGIN_CHANNEL_ID: sandboxChannel.loginChannelId,
    LINE_LOGIN_CHANNEL_SECRET: sandboxChannel.loginChannelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: sandboxChannel.channelAccessToken,
    LINE_CHANNEL_SECRET: sandboxChannel.channelSecret,
    LINE_API_BASE_URL: publicUrl,
    LINE_API_DATA_BASE_URL: publicUrl,
  }
  const wrangler = localWrangler({ configPath, persistTo, worker })
  const ctx = { env, wranglerTomlPath: configPath, wrangler, clock: () => new Date(), target: 'local' as const }
  const printed: string[] = []
  const done = await runSetup(ctx, {
    lang: 'en',
    build,
    say: (line) => {
      printed.push(line)
      say(line.startsWith('■') ? `${line}  [${elapsed()}]` : line)
    },
  })
  if (!done) throw new Error('the setup did not complete (see above)')

  const invite = /https:\/\/liff\.line\.me\/\S+\/staff\/join\?code=\S+/.exec(printed.join('\n'))?.[0]
  if (!invite) throw new Error('the setup printed no first-admin invite URL')
  // The demo shop, as `npm run dev:worker` seeds it; the Worker is stopped meanwhile, as wrangler's local D1 wants. Its
  // admin does not matter: the setup's invite is open already.
  await worker.stop()
  const local = await openLocalD1({ persistTo, configPath })
  try {
    if (!(await seedDemoShop(local.db, new Date()))) throw new Error('the local D1 already had a shop')
  } finally {
    await local.dispose()
  }
  await worker.start()
  stepDone('seeded the demo shop into the local D1 and restarted the Worker')

  browser = await launchChromium()
  const target = liffTarget(front.sandbox, invite)
  const admin = await openInLine(browser, target.origin, 'newcomer', target.path)
  await joinWithInvite(admin)
  await admin.context().close()
  stepDone(`first admin joined through ${invite.replace(/code=.*/, 'code=…')}`)

  const customer = await openInLine(browser, target.origin, 'newcomer', '/')
  const number = await linkDemoMember(customer)
  await customer.context().close()
  stepDone(`ID連携 in Chromium: the card shows member ${number.trim()}`)

  const ids = await storedRichMenuIds(ctx, 'local')
  if (!ids) throw new Error('the local D1 names no rich menus')
  const line = new messagingApi.MessagingApiClient({
    channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
    baseURL: publicUrl,
  })
  const userId = personaByKey('newcomer')!.lineUserId
  const shown = (await line.getRichMenuIdOfUser(userId)).richMenuId
  if (shown !== ids.member)
    throw new Error(`LINE shows ${userId} rich menu ${shown}, not the member menu ${ids.member}`)
  stepDone(`LINE shows the linked customer the member rich menu ${shown}`)
}

try {
  await rehearse()
  await cleanUp()
  say(`rehearsal ok (${elapsed()})`)
} catch (err) {
  console.error(`rehearsal failed after ${elapsed()}: ${err instanceof Error ? err.message : String(err)}`)
  const tail = worker.tail()
  if (tail) console.error(`last words of wrangler dev:\n${tail}`)
  process.exitCode = 1
} finally {
  await cleanUp()
}
// Everything it started has stopped; what is left (sockets of finished fetches) would only hold the exit up.
process.exit()
