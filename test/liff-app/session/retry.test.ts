import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../../liff-app/src/api/http'
import { isSessionError, withSessionRetry } from '../../../liff-app/src/session/retry'

describe('withSessionRetry', () => {
  it('calls once with the current session token when it works', async () => {
    const tokens = vi.fn(async (fresh: boolean) => (fresh ? 'new' : 'old'))
    const call = vi.fn(async (token: string) => `ok:${token}`)
    await expect(withSessionRetry(call, tokens)).resolves.toBe('ok:old')
    expect(tokens).toHaveBeenCalledTimes(1)
  })

  it('gets a fresh session and retries exactly once on a session 401', async () => {
    const tokens = vi.fn(async (fresh: boolean) => (fresh ? 'new' : 'old'))
    const call = vi.fn(async (token: string) => {
      if (token === 'old') throw new ApiError(401, 'session_expired', 'expired')
      return 'ok'
    })
    await expect(withSessionRetry(call, tokens)).resolves.toBe('ok')
    expect(tokens.mock.calls).toEqual([[false], [true]])
    expect(call).toHaveBeenCalledTimes(2)
  })

  it('never loops: a second session 401 is thrown', async () => {
    const call = vi.fn(async () => {
      throw new ApiError(401, 'unauthorized', 'no')
    })
    await expect(withSessionRetry(call, async () => 't')).rejects.toMatchObject({ code: 'unauthorized' })
    expect(call).toHaveBeenCalledTimes(2)
  })

  it('does not retry other errors', async () => {
    const call = vi.fn(async () => {
      throw new ApiError(404, 'not_linked', 'no member')
    })
    await expect(withSessionRetry(call, async () => 't')).rejects.toMatchObject({ code: 'not_linked' })
    expect(call).toHaveBeenCalledTimes(1)
  })
})

describe('isSessionError', () => {
  it('only matches 401s with a session code', () => {
    expect(isSessionError(new ApiError(401, 'session_expired', ''))).toBe(true)
    expect(isSessionError(new ApiError(401, 'id_token_expired', ''))).toBe(false)
    expect(isSessionError(new ApiError(403, 'unauthorized', ''))).toBe(false)
  })
})
