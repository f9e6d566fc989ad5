// `npm run doctor`: everything that stands between this checkout and a live shop, each problem with its fix, all at
// once. Cloudflare is asked through wrangler, LINE through its APIs; nothing is changed.
import { HTTPFetchError, messagingApi, liff as liffApi } from '@line/bot-sdk'
import { servedUrl, type SetupContext } from './context'
import { listLiffApps, loginChannelToken } from './liff-app'

export interface Problem {
  /** What is wrong, in English and Japanese. */
  en: string
  ja: string
  /** What to do about it (a command, a setting, a console page). */
  fix: string
}

export interface WranglerRun {
  code: number
  stdout: string
  stderr?: string
}

export interface DoctorInput {
  /** The environment the setup reads its secrets from. */
  env: Record<string, string | undefined>
  /** The text of wrangler.toml. */
  wranglerToml: string
  nodeVersion: string
  /** Runs `wrangler <args>` (on Cloudflare's servers: stands in for them only in tests). */
  wrangler: (args: string[]) => Promise<WranglerRun>
  lineApiBaseUrl?: string
  /** The setup's target: `local` (the rehearsal) also takes a loopback http PUBLIC_URL. */
  target?: SetupContext['target']
}

/** Secrets the Worker needs; the setup generates the last two when they are missing. */
export const workerSecrets = [
  'LINE_LOGIN_CHANNEL_ID',
  'LINE_LOGIN_CHANNEL_SECRET',
  'LIFF_ID',
  'LINE_CHANNEL_ACCESS_TOKEN',
  'LINE_CHANNEL_SECRET',
  'CARD_TOKEN_KEYS',
  'SESSION_SECRET',
] as const

const generated = new Set(['CARD_TOKEN_KEYS', 'SESSION_SECRET', 'LIFF_ID'])
const consoleUrl = 'https://developers.line.biz/console/'

/** `key = "value"` lines of a TOML file, section-less (the names used here are unique in wrangler.toml). */
export function tomlStrings(toml: string): Map<string, string> {
  const values = new Map<string, string>()
  for (const line of toml.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"/.exec(line)
    if (m) values.set(m[1]!, m[2]!)
  }
  return values
}

function nodeProblem(version: string): Problem | null {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  if (major > 22 || (major === 22 && minor >= 12)) return null
  return {
    en: `Node ${version} is too old (22.12 or newer is needed)`,
    ja: `Node ${version} は古すぎます（22.12 以上が必要です）`,
    fix: 'Run the command through npm (`npm run doctor`): the project’s own Node 22 runs every npm script',
  }
}

function tomlProblems(toml: string, env: DoctorInput['env'], target: DoctorInput['target']): Problem[] {
  const values = tomlStrings(toml)
  const problems: Problem[] = []
  const databaseId = values.get('database_id') ?? ''
  if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(databaseId) || !databaseId) {
    problems.push({
      en: 'wrangler.toml: database_id is still the placeholder',
      ja: 'wrangler.toml の database_id が仮の値のままです',
      fix: '`npx wrangler d1 create tsunagu` and put the printed database_id into wrangler.toml (`npm run setup` does both)',
    })
  }
  const publicUrl = env.PUBLIC_URL ?? values.get('PUBLIC_URL') ?? ''
  if (!publicUrl || /(^|\.)example(\.|$)/.test(URL.parse(publicUrl)?.hostname ?? 'example')) {
    problems.push({
      en: `PUBLIC_URL is still the placeholder (${publicUrl || 'unset'})`,
      ja: `PUBLIC_URL が仮の値のままです（${publicUrl || '未設定'}）`,
      fix: 'Set PUBLIC_URL in wrangler.toml [vars] to where the shop’s app is served, e.g. https://members.example-shop.jp or https://tsunagu.<account>.workers.dev',
    })
  } else if (!servedUrl({ target }, publicUrl)) {
    problems.push({
      en: `PUBLIC_URL must be https (LINE opens only https LIFF apps and webhooks): ${publicUrl}`,
      ja: `PUBLIC_URL は https である必要があります（LINE は https の LIFF アプリと Webhook しか開きません）: ${publicUrl}`,
      fix: 'Use the Worker’s https URL or a custom domain with https',
    })
  }
  return problems
}

/** The Worker's secret names, or null when they cannot be read (not logged in, not deployed yet). */
async function cloudflareProblems(input: DoctorInput): Promise<{ problems: Problem[]; secrets: Set<string> | null }> {
  const whoami = await input.wrangler(['whoami'])
  if (whoami.code !== 0 || /not authenticated/i.test(whoami.stdout)) {
    const problem = {
      en: 'wrangler is not logged in to Cloudflare',
      ja: 'wrangler が Cloudflare にログインしていません',
      fix: '`npx wrangler login` (a browser opens; this is the one step only a person can do)',
    }
    return { problems: [problem], secrets: null }
  }
  const listed = await input.wrangler(['secret', 'list', '--format', 'json'])
  if (listed.code !== 0) {
    const problem = {
      en: 'could not list the Worker’s secrets (is the Worker deployed yet?)',
      ja: 'Worker のシークレットを一覧できませんでした（まだデプロイされていませんか？）',
      fix: '`npm run setup` deploys the Worker and sets its secrets',
    }
    return { problems: [problem], secrets: null }
  }
  const names = (JSON.parse(listed.stdout) as { name: string }[]).map((s) => s.name)
  return { problems: [], secrets: new Set(names) }
}

/** Secrets neither in the environment nor on the Worker; the generated ones count only once the Worker has secrets. */
function secretProblems(env: DoctorInput['env'], deployed: Set<string> | null): Problem[] {
  return workerSecrets
    .filter((name) => !env[name] && !deployed?.has(name) && (deployed !== null || !generated.has(name)))
    .map((name) => ({
      en: `${name} is not set (neither in the environment nor as a Worker secret)`,
      ja: `${name} が設定されていません（環境変数にも Worker のシークレットにもありません）`,
      fix: `Copy it from the LINE Developers console (${consoleUrl}) and run the setup with ${name}=… in the environment`,
    }))
}

async function lineProblems(input: DoctorInput): Promise<Problem[]> {
  const { env } = input
  const baseURL = input.lineApiBaseUrl ?? 'https://api.line.me'
  const problems: Problem[] = []
  const refused = (err: unknown, fix: string): Problem => {
    const said = err instanceof HTTPFetchError ? `${err.status} ${err.body.slice(0, 200)}` : (err as Error).message
    return { en: `LINE refused: ${said}`, ja: `LINE に拒否されました: ${said}`, fix }
  }
  if (env.LINE_CHANNEL_ACCESS_TOKEN) {
    const client = new messagingApi.MessagingApiClient({ channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN, baseURL })
    try {
      await client.getBotInfo()
    } catch (err) {
      problems.push(
        refused(err, 'Issue a long-lived channel access token in the Messaging API channel (Messaging API tab)'),
      )
    }
  }
  if (env.LINE_LOGIN_CHANNEL_ID && env.LINE_LOGIN_CHANNEL_SECRET) {
    try {
      const token = await loginChannelToken(baseURL, env.LINE_LOGIN_CHANNEL_ID, env.LINE_LOGIN_CHANNEL_SECRET)
      if (env.LIFF_ID) {
        const apps = await listLiffApps(new liffApi.LiffClient({ channelAccessToken: token, baseURL }))
        const app = apps.find((a) => a.liffId === env.LIFF_ID)
        const publicUrl = env.PUBLIC_URL ?? tomlStrings(input.wranglerToml).get('PUBLIC_URL')
        if (!app) {
          problems.push({
            en: `LIFF_ID ${env.LIFF_ID} is not a LIFF app of the LINE Login channel`,
            ja: `LIFF_ID ${env.LIFF_ID} はこの LINE ログインチャネルの LIFF アプリではありません`,
            fix: 'Remove LIFF_ID and let `npm run setup` create the app, or copy the id from the channel’s LIFF tab',
          })
        } else if (publicUrl && app.view?.url !== publicUrl) {
          problems.push({
            en: `the LIFF app opens ${app.view?.url}, not PUBLIC_URL ${publicUrl}`,
            ja: `LIFF アプリのエンドポイントが PUBLIC_URL（${publicUrl}）ではなく ${app.view?.url} です`,
            fix: '`npm run setup` updates the endpoint URL',
          })
        }
      }
    } catch (err) {
      problems.push(refused(err, 'Check the LINE Login channel’s id and secret (Basic settings tab)'))
    }
  }
  return problems
}

/** Every problem found, in the order a person would fix them. */
export async function diagnose(input: DoctorInput): Promise<Problem[]> {
  const node = nodeProblem(input.nodeVersion)
  const cloudflare = await cloudflareProblems(input)
  return [
    ...(node ? [node] : []),
    ...cloudflare.problems,
    ...tomlProblems(input.wranglerToml, input.env, input.target),
    ...secretProblems(input.env, cloudflare.secrets),
    ...(await lineProblems(input)),
  ]
}
