import { beforeAll, describe, expect, it } from 'vitest'
import { ApiError, NetworkError } from '../../../liff-app/src/api/http'
import { addErrorTextsEn, describeError, isLiffError } from '../../../liff-app/src/errors/describe'
import { errorTextsEn } from '../../../liff-app/src/errors/describe-en'
import { ReloginBlockedError } from '../../../liff-app/src/session/relogin-guard'

const liffError = (code: string) => Object.assign(new Error('liff says no'), { code })

beforeAll(() => addErrorTextsEn(errorTextsEn)) // as app-shell.ts does for an English page

describe('describeError', () => {
  it('explains a dropped connection as offline, with a retry', () => {
    const d = describeError(new NetworkError(new TypeError('Failed to fetch')))
    expect(d).toMatchObject({ code: 'offline', action: 'retry' })
    expect(d.ja).toContain('インターネット')
    expect(d.en).toMatch(/offline/i)
  })

  it('maps an expired ID token to reopening the app', () => {
    expect(describeError(new ApiError(401, 'id_token_expired', 'expired'))).toMatchObject({ action: 'reopen' })
  })

  it('treats any other ID token rejection the same way without leaking details', () => {
    const d = describeError(new ApiError(401, 'id_token_bad_signature', 'bad sig'))
    expect(d).toMatchObject({ code: 'id_token_bad_signature', action: 'reopen' })
    expect(d.en).not.toContain('sig')
  })

  it('offers a retry for server errors', () => {
    expect(describeError(new ApiError(503, 'internal', 'boom'))).toMatchObject({ action: 'retry' })
  })

  it('tells LIFF error codes apart', () => {
    expect(describeError(liffError('INVALID_CONFIG')).ja).toContain('設定')
    expect(describeError(liffError('TIMEOUT'))).toMatchObject({ code: 'TIMEOUT', action: 'retry' })
    expect(describeError(liffError('INIT_FAILED'))).toMatchObject({ code: 'INIT_FAILED', action: 'reopen' })
  })

  it('explains a blocked re-login instead of looping', () => {
    expect(describeError(new ReloginBlockedError())).toMatchObject({ code: 'relogin_blocked', action: 'reopen' })
  })

  it('explains a rate limit in both languages', () => {
    const d = describeError(new ApiError(429, 'rate_limited', 'server text'))
    expect([d.code, d.action, /[ぁ-ん]/.test(d.ja), d.en]).toEqual([
      'rate_limited',
      'retry',
      true,
      'Too many requests. Please wait a minute and try again.',
    ])
  })

  it('falls back to a generic message for anything else', () => {
    expect(describeError('???')).toMatchObject({ code: 'unknown', action: 'retry' })
  })
})

describe('isLiffError', () => {
  it('recognises SDK errors by their code and not API errors', () => {
    expect(isLiffError(liffError('UNAUTHORIZED'))).toBe(true)
    expect(isLiffError(liffError('not_a_liff_code'))).toBe(false)
    expect(isLiffError(new ApiError(401, 'UNAUTHORIZED', 'x'))).toBe(false)
  })
})
