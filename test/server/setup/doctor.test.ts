import { readFileSync } from 'node:fs'
import { liff } from '@line/bot-sdk'
import { describe, expect, it } from 'vitest'
import { diagnose, workerSecrets, type DoctorInput, type WranglerRun } from '../../../server/setup/doctor'
import { ensureLiffApp, loginChannelToken } from '../../../server/setup/liff-app'
import { testAppPerTest } from '../../support/test-app'

const freshToml = readFileSync('wrangler.toml', 'utf8')
const readyToml = freshToml
  .replace(/database_id = "[^"]*"/, 'database_id = "4b0c1a52-8e7d-4f7e-9d1b-2a3c4d5e6f70"')
  .replace(/PUBLIC_URL = "[^"]*"/, 'PUBLIC_URL = "https://members.example-shop.jp"')

/** Cloudflare's side of wrangler, which cannot run here: answers only the two commands the doctor uses. */
function wranglerStandIn(account: { loggedIn: boolean; secrets?: string[] }) {
  const calls: string[][] = []
  const run = (args: string[]): Promise<WranglerRun> => {
    calls.push(args)
    const command = args.join(' ')
    if (command === 'whoami') {
      return Promise.resolve(
        account.loggedIn
          ? {
              code: 0,
              stdout: 'You are logged in with an OAuth Token, associated with the email shop@example-shop.jp.',
            }
          : { code: 0, stdout: 'You are not authenticated. Please run `wrangler login`.' },
      )
    }
    if (command === 'secret list --format json' && account.loggedIn) {
      if (!account.secrets) return Promise.resolve({ code: 1, stdout: '' })
      return Promise.resolve({
        code: 0,
        stdout: JSON.stringify(account.secrets.map((name) => ({ name, type: 'secret_text' }))),
      })
    }
    throw new Error(`unexpected wrangler ${command}`)
  }
  return { run, calls }
}

const input = (overrides: Partial<DoctorInput>): DoctorInput => ({
  env: {},
  wranglerToml: freshToml,
  nodeVersion: 'v22.12.0',
  wrangler: wranglerStandIn({ loggedIn: false }).run,
  ...overrides,
})

describe('diagnose', () => {
  it('lists every problem of a fresh clone at once: login, each placeholder, each LINE secret', async () => {
    const problems = await diagnose(input({ nodeVersion: 'v20.20.2' }))
    expect(problems.map((p) => p.en)).toEqual([
      'Node v20.20.2 is too old (22.12 or newer is needed)',
      'wrangler is not logged in to Cloudflare',
      'wrangler.toml: database_id is still the placeholder',
      'PUBLIC_URL is still the placeholder (https://tsunagu.example.workers.dev)',
      'LINE_LOGIN_CHANNEL_ID is not set (neither in the environment nor as a Worker secret)',
      'LINE_LOGIN_CHANNEL_SECRET is not set (neither in the environment nor as a Worker secret)',
      'LINE_CHANNEL_ACCESS_TOKEN is not set (neither in the environment nor as a Worker secret)',
      'LINE_CHANNEL_SECRET is not set (neither in the environment nor as a Worker secret)',
    ])
    for (const p of problems) {
      expect(p.ja).toMatch(/[ぁ-んァ-ン一-龯]/)
      expect(p.fix.length).toBeGreaterThan(10)
    }
  })

  it('finds nothing wrong once logged in, with the placeholders replaced and every secret on the Worker', async () => {
    const wrangler = wranglerStandIn({ loggedIn: true, secrets: [...workerSecrets] })
    expect(await diagnose(input({ wranglerToml: readyToml, wrangler: wrangler.run }))).toEqual([])
    expect(wrangler.calls).toEqual([['whoami'], ['secret', 'list', '--format', 'json']])
  })

  it('asks for the generated secrets too once the Worker has secrets, and for https', async () => {
    const wrangler = wranglerStandIn({ loggedIn: true, secrets: workerSecrets.filter((s) => s !== 'SESSION_SECRET') })
    const toml = readyToml.replace('https://members.example-shop.jp', 'http://members.example-shop.jp')
    expect((await diagnose(input({ wranglerToml: toml, wrangler: wrangler.run }))).map((p) => p.en)).toEqual([
      'PUBLIC_URL must be https (LINE opens only https LIFF apps and webhooks): http://members.example-shop.jp',
      'SESSION_SECRET is not set (neither in the environment nor as a Worker secret)',
    ])
  })

  describe('against the LINE sandbox', () => {
    const t = testAppPerTest({ seed: false })

    it('reports refused LINE Login credentials, an unknown LIFF id and a LIFF app that opens another URL', async () => {
      const { apiBaseUrl, loginChannelId, loginChannelSecret } = t.config.line
      const wrangler = wranglerStandIn({ loggedIn: true, secrets: [...workerSecrets] }).run
      const base = { wranglerToml: readyToml, wrangler, lineApiBaseUrl: apiBaseUrl }
      const login = { LINE_LOGIN_CHANNEL_ID: loginChannelId, LINE_LOGIN_CHANNEL_SECRET: loginChannelSecret }

      const wrongSecret = await diagnose(input({ ...base, env: { ...login, LINE_LOGIN_CHANNEL_SECRET: 'wrong' } }))
      expect(wrongSecret.map((p) => p.en)).toEqual([
        expect.stringMatching(/^LINE refused: .*invalid client_id or client_secret/),
      ])

      const unknown = await diagnose(input({ ...base, env: { ...login, LIFF_ID: '1660000001-nothere' } }))
      expect(unknown.map((p) => p.en)).toEqual([
        'LIFF_ID 1660000001-nothere is not a LIFF app of the LINE Login channel',
      ])

      const token = await loginChannelToken(apiBaseUrl, loginChannelId, loginChannelSecret)
      const client = new liff.LiffClient({ channelAccessToken: token, baseURL: apiBaseUrl })
      const { liffId } = await ensureLiffApp(client, {
        endpointUrl: 'https://old.example-shop.jp',
        description: 'つなぐ',
      })
      const moved = await diagnose(input({ ...base, env: { ...login, LIFF_ID: liffId } }))
      expect(moved.map((p) => p.en)).toEqual([
        'the LIFF app opens https://old.example-shop.jp, not PUBLIC_URL https://members.example-shop.jp',
      ])
      await ensureLiffApp(client, { endpointUrl: 'https://members.example-shop.jp', description: 'つなぐ' }, liffId)
      expect(await diagnose(input({ ...base, env: { ...login, LIFF_ID: liffId } }))).toEqual([])
    })
  })
})
