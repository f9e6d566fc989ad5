import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, sandboxChannel } from '../../server/config'

const real = {
  LINE_LOGIN_CHANNEL_ID: '2001234567',
  LINE_LOGIN_CHANNEL_SECRET: 'login-secret',
  LIFF_ID: '2001234567-AbCdEfGh',
  LINE_CHANNEL_ACCESS_TOKEN: 'token',
  LINE_CHANNEL_SECRET: 'messaging-secret',
  CARD_TOKEN_KEYS: 'k2:0123456789abcdef0123456789abcdef,k1:fedcba9876543210fedcba9876543210',
  SESSION_SECRET: 'x'.repeat(32),
}

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('loadConfig', () => {
  it('runs the sandbox when no LINE credentials are set', () => {
    const config = loadConfig({})
    expect(config.sandbox).toBe(true)
    expect(config.line.apiBaseUrl).toBe('http://localhost:8787')
    expect(config.line.jwksUrl).toBe('http://localhost:8787/sandbox/login/jwks.json')
  })

  it('uses real LINE endpoints and the given keys when every credential is set', () => {
    const config = loadConfig(real)
    expect(config.sandbox).toBe(false)
    expect(config.line).toMatchObject({
      apiBaseUrl: 'https://api.line.me',
      idTokenIssuer: 'https://access.line.me',
      jwksUrl: 'https://api.line.me/oauth2/v2.1/certs',
    })
    expect(config.cardKeys.current).toBe('k2')
    expect(Object.keys(config.cardKeys.secrets)).toEqual(['k2', 'k1'])
  })

  it("takes the bot's user id from LINE_BOT_USER_ID and refuses one that is not a user id", () => {
    const bot = `U${'ab'.repeat(16)}`
    expect(loadConfig({ ...real, LINE_BOT_USER_ID: bot }).line.botUserId).toBe(bot)
    expect(loadConfig(real).line.botUserId).toBeUndefined()
    expect(problems({ ...real, LINE_BOT_USER_ID: '@bot' })[0]).toMatch(/^LINE_BOT_USER_ID: /)
  })

  it('refuses to enable the sandbox while any LINE credential is set', () => {
    expect(problems({ ...real, LINE_SANDBOX: 'on' })[0]).toMatch(/sandbox cannot be enabled/)
    expect(problems({ LINE_CHANNEL_SECRET: 'x', LINE_SANDBOX: 'on' })[0]).toMatch(/LINE_CHANNEL_SECRET/)
  })

  it('runs the sandbox beside its own public credentials and a LIFF app its LIFF server made (npm run rehearse)', () => {
    const own = {
      LINE_SANDBOX: 'on',
      LINE_LOGIN_CHANNEL_ID: sandboxChannel.loginChannelId,
      LINE_LOGIN_CHANNEL_SECRET: sandboxChannel.loginChannelSecret,
      LIFF_ID: `${sandboxChannel.loginChannelId}-abc123`,
      LINE_CHANNEL_ACCESS_TOKEN: sandboxChannel.channelAccessToken,
      LINE_CHANNEL_SECRET: sandboxChannel.channelSecret,
    }
    const config = loadConfig(own)
    expect(config.sandbox).toBe(true)
    expect(config.line.liffId).toBe(own.LIFF_ID)
    expect(problems({ ...own, LIFF_ID: '2000000000-real' })[0]).toMatch(/sandbox cannot be enabled .*\(LIFF_ID\)/)
  })

  it('lists every missing credential at once when the sandbox is off', () => {
    const list = problems({ LINE_SANDBOX: 'off' })
    expect(list).toHaveLength(7)
    expect(list.join('\n')).toMatch(/LIFF_ID: required/)
  })

  it('names each invalid field', () => {
    expect(problems({ ...real, PORT: 'eighty', LINE_LOGIN_CHANNEL_ID: 'abc' }).sort()).toEqual([
      'LINE_LOGIN_CHANNEL_ID: must be the numeric LINE Login channel id',
      expect.stringMatching(/^PORT: /),
    ])
    expect(problems({ ...real, CARD_TOKEN_KEYS: 'k1:short' })).toEqual([
      'CARD_TOKEN_KEYS: the secret of key "k1" must be at least 32 characters',
    ])
    expect(problems({ ...real, SESSION_SECRET: 'short' })).toEqual(['SESSION_SECRET: must be at least 32 characters'])
  })

  it('listens on loopback by default in sandbox mode, on every address with real credentials, and honours HOST', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', sandboxExposed: false })
    expect(loadConfig(real)).toMatchObject({ host: '0.0.0.0', sandboxExposed: false })
    expect(loadConfig({ ...real, HOST: '127.0.0.1' }).host).toBe('127.0.0.1')
    expect(loadConfig({ HOST: '::1' })).toMatchObject({ host: '::1', sandboxExposed: false })
    expect(loadConfig({ HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0', sandboxExposed: true })
    expect(problems({ HOST: 'every interface' })).toEqual([
      'HOST: must be an IP address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every address)',
    ])
  })
})
