// `npm run setup`: takes a checkout to a live shop on Cloudflare and LINE (server/setup/run-setup.ts), asking for the
// LINE credentials it lacks (or, with --yes, reading everything from the environment). `--lang=ja|en`,
// `--mini-app` when the app is a LINE MINI App (LINE_LOGIN_CHANNEL_* are then the MINI App channel's).
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import type { Lang } from '../setup/checklist'
import { runSetup } from '../setup/run-setup'
import { SetupError } from '../setup/setup-error'
import { runWrangler } from '../setup/wrangler-cli'

const langArg = process.argv.find((a) => a.startsWith('--lang='))?.slice(7)
const lang: Lang = (langArg ?? process.env.LANG ?? '').startsWith('ja') ? 'ja' : 'en'
const env: Record<string, string | undefined> = { ...process.env }
if (process.argv.includes('--mini-app')) env.LINE_MINI_APP = 'on'

const asked: [string, Record<Lang, string>][] = [
  ['PUBLIC_URL', { ja: 'アプリの公開 URL（https://…）', en: 'The shop app’s public URL (https://…)' }],
  ['LINE_LOGIN_CHANNEL_ID', { ja: 'LINE ログインチャネルのチャネル ID', en: 'LINE Login channel: channel ID' }],
  [
    'LINE_LOGIN_CHANNEL_SECRET',
    { ja: 'LINE ログインチャネルのチャネルシークレット', en: 'LINE Login channel: channel secret' },
  ],
  [
    'LINE_CHANNEL_ACCESS_TOKEN',
    {
      ja: 'Messaging API チャネルのアクセストークン（長期）',
      en: 'Messaging API channel: long-lived channel access token',
    },
  ],
  [
    'LINE_CHANNEL_SECRET',
    { ja: 'Messaging API チャネルのチャネルシークレット', en: 'Messaging API channel: channel secret' },
  ],
]
/** Typed secrets are not echoed: readline writes what it echoes to this output, which stays quiet while one is asked. */
let muted = false
const output = new Writable({
  write(chunk: Buffer, _encoding, done) {
    if (!muted) process.stdout.write(chunk)
    done()
  },
})
if (!process.argv.includes('--yes')) {
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY })
  // Lines are buffered, so answers piped in ahead of their questions are not lost.
  const lines = rl[Symbol.asyncIterator]()
  for (const [name, prompt] of asked) {
    if (env[name]) continue
    const secret = name !== 'PUBLIC_URL' && name !== 'LINE_LOGIN_CHANNEL_ID'
    process.stdout.write(`${prompt[lang]} [${name}]: `)
    muted = secret
    const answer = await lines.next()
    env[name] = answer.done ? undefined : (answer.value as string).trim() || undefined
    if (muted) process.stdout.write('\n')
    muted = false
  }
  rl.close()
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--mode', 'line'], { stdio: 'inherit' })
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new SetupError(`vite build --mode line failed (exit ${code})`)),
    )
  })
}

const done = await runSetup(
  { env, wranglerTomlPath: 'wrangler.toml', wrangler: runWrangler, clock: () => new Date() },
  { lang, build, say: (line) => console.log(line) },
)
if (!done) process.exitCode = 1
