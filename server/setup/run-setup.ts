// `npm run setup`'s steps in order: doctor, wrangler.toml and D1, the LIFF app, secrets, Queues, deploy, webhook, rich menus,
// the first admin's invite, then the console checklist. Each says what it changed; the first refusal stops the run.
import { readFileSync } from 'node:fs'
import { liff, messagingApi } from '@line/bot-sdk'
import { consoleChecklist, type Lang } from './checklist'
import type { SetupContext, StepResult } from './context'
import { ensureD1 } from './d1'
import { ensureDeployed, markDeployPending } from './deploy'
import { diagnose, tomlStrings, type Problem } from './doctor'
import { ensureFirstAdminInvite } from './first-admin'
import { ensureLiffApp, loginChannelToken } from './liff-app'
import { ensurePublicUrl } from './public-url'
import { ensureQueues } from './queues'
import { richMenuConfig, richMenusInD1 } from './rich-menus'
import { ensureSecrets } from './secrets'
import { SetupError } from './setup-error'
import { ensureWebhookEndpoint, reportWebhookOwnedElsewhere } from './webhook-endpoint'

export interface SetupOptions {
  lang: Lang
  /** `vite build --mode line` (stands in for it only in tests). */
  build: () => Promise<void>
  say: (line: string) => void
  nodeVersion?: string
}

/** Problems the setup fixes itself: the database_id placeholder, a Worker not deployed, generated secrets, the LIFF app. */
const fixedBySetup = [
  /database_id is still the placeholder/,
  /could not list the Worker’s secrets/,
  /^(CARD_TOKEN_KEYS|SESSION_SECRET|LIFF_ID) is not set/,
  /^the LIFF app opens /,
]

const titles: Record<string, Record<Lang, string>> = {
  doctor: { ja: '事前チェック', en: 'Checks' },
  publicUrl: { ja: 'PUBLIC_URL', en: 'PUBLIC_URL' },
  d1: { ja: 'D1 データベース', en: 'D1 database' },
  liff: { ja: 'LIFF アプリ', en: 'LIFF app' },
  secrets: { ja: 'Worker のシークレット', en: 'Worker secrets' },
  queues: { ja: '送信キュー（Queues）', en: 'Outbox Queues' },
  deploy: { ja: 'デプロイ', en: 'Deploy' },
  webhook: { ja: 'Webhook', en: 'Webhook' },
  richMenus: { ja: 'リッチメニュー', en: 'Rich menus' },
  invite: { ja: '最初の管理者の招待', en: 'First admin invite' },
}

const words = {
  none: { ja: '変更なし', en: 'no changes' },
  blocked: { ja: 'セットアップの前に直すことがあります:', en: 'Fix these before the setup can run:' },
  stopped: {
    ja: 'セットアップを中止しました（これ以降は何も変更していません）:',
    en: 'Setup stopped (nothing further was changed):',
  },
  done: {
    ja: 'セットアップ完了。LINE のコンソールで人が行う作業:',
    en: 'Setup done. What only a person can do in LINE’s consoles:',
  },
}

/** Runs every step; true when the setup completed. */
export async function runSetup(ctx: SetupContext, options: SetupOptions): Promise<boolean> {
  const { lang, say } = options
  const env = { ...ctx.env }
  let deployed = false
  const step = async (key: string, run: () => Promise<StepResult> | StepResult): Promise<StepResult> => {
    const result = await run()
    say(`■ ${titles[key]![lang]}`)
    for (const change of result.changes) say(`  + ${change}`)
    if (result.changes.length === 0) say(`  (${words.none[lang]})`)
    for (const note of result.notes ?? []) say(`  · ${note}`)
    if (result.changes.length > 0 && !deployed) markDeployPending(ctx)
    return result
  }
  try {
    const problems = await diagnose({
      env,
      wranglerToml: readFileSync(ctx.wranglerTomlPath, 'utf8'),
      nodeVersion: options.nodeVersion ?? process.version,
      wrangler: ctx.wrangler,
      lineApiBaseUrl: env.LINE_API_BASE_URL,
      target: ctx.target,
    })
    // On a LINE MINI App channel the LIFF server API answers nothing: its LIFF app is checked by hand (the checklist).
    const miniApp = env.LINE_MINI_APP === 'on' ? [/^LIFF_ID \S+ is not a LIFF app/] : []
    const blocking = problems.filter((p: Problem) => ![...fixedBySetup, ...miniApp].some((re) => re.test(p.en)))
    if (blocking.length > 0) {
      say(words.blocked[lang])
      for (const p of blocking) say(`- ${p[lang]}\n    → ${p.fix}`)
      return false
    }
    await step('publicUrl', () => ensurePublicUrl(ctx))
    const toml = () => tomlStrings(readFileSync(ctx.wranglerTomlPath, 'utf8'))
    const publicUrl = toml().get('PUBLIC_URL')!
    await step('d1', () => ensureD1(ctx))
    const baseURL = env.LINE_API_BASE_URL ?? 'https://api.line.me'
    const liffStep = await step('liff', async () => {
      if (env.LINE_MINI_APP === 'on') {
        if (!env.LIFF_ID) {
          throw new SetupError(
            `A LINE MINI App's LIFF app is made in the console: set its endpoint URL to ${publicUrl} (the MINI App channel → Web app settings, https://developers.line.biz/en/docs/line-mini-app/discover/console-guide/), then run again with LIFF_ID set to its LIFF ID`,
          )
        }
        return {
          changes: [],
          notes: ['LINE MINI App: its endpoint URL and scopes are set in the console (see the checklist)'],
        }
      }
      const token = await loginChannelToken(baseURL, env.LINE_LOGIN_CHANNEL_ID!, env.LINE_LOGIN_CHANNEL_SECRET!)
      const client = new liff.LiffClient({ channelAccessToken: token, baseURL })
      const description = env.SHOP_NAME ?? toml().get('SHOP_NAME') ?? 'Tsunagu'
      const app = await ensureLiffApp(client, { endpointUrl: publicUrl, description }, env.LIFF_ID)
      env.LIFF_ID = app.liffId
      return { changes: app.changes, notes: [`LIFF_ID=${app.liffId}`] }
    })
    // A LIFF app created now replaces whatever LIFF_ID the Worker had.
    const newLiffId = liffStep.changes.some((c) => c.startsWith('created LIFF app')) ? ['LIFF_ID'] : []
    await step('secrets', () => ensureSecrets(ctx, env, newLiffId))
    await step('queues', () => ensureQueues(ctx))
    await step('deploy', async () => {
      const result = await ensureDeployed(ctx, options.build)
      deployed = true
      return result
    })
    const messaging = new messagingApi.MessagingApiClient({
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN!,
      baseURL,
    })
    await step('webhook', async () => {
      // Another tool owns the webhook URL (its own setting, WEBHOOK_OWNER in the environment or wrangler.toml's [vars]).
      const owner = env.WEBHOOK_OWNER ?? toml().get('WEBHOOK_OWNER')
      if (owner === 'other') {
        const result = await reportWebhookOwnedElsewhere(messaging, `${publicUrl}/webhook/line`)
        if (toml().get('WEBHOOK_OWNER') !== 'other')
          result.notes.push('add WEBHOOK_OWNER = "other" to [vars] in wrangler.toml so that the Worker knows it too')
        return result
      }
      const result = await ensureWebhookEndpoint(messaging, `${publicUrl}/webhook/line`)
      return { changes: result.changes, notes: [`LINE's webhook test: ${result.tested}`] }
    })
    const config = richMenuConfig({ ...env, PUBLIC_URL: publicUrl })
    await step('richMenus', () => richMenusInD1(ctx, config, ctx.target === 'local' ? 'local' : 'remote'))
    await step('invite', () => ensureFirstAdminInvite(ctx, env.LIFF_ID!))
    say(words.done[lang])
    for (const item of consoleChecklist(env, lang)) say(item)
    return true
  } catch (err) {
    if (!(err instanceof SetupError)) throw err
    say(words.stopped[lang])
    say(`  ${err.message}`)
    return false
  }
}
