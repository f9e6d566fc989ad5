// Middleware in front of every /v2 endpoint: request id, bearer auth, injected faults, rate limits.
import { createMiddleware } from 'hono/factory'
import { lineError, newRequestId, type SandboxEnv, type SandboxState } from './context'

const sendPath = /\/v2\/bot\/message\/(push|multicast|reply)$/

function hang(state: SandboxState, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      state.hanging.delete(done)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, state.faults.timeoutMs)
    state.hanging.add(done)
    signal.addEventListener('abort', done)
  })
}

export function requestIdHeader() {
  return createMiddleware<SandboxEnv>(async (c, next) => {
    const id = newRequestId()
    c.set('requestId', id)
    await next()
    c.res.headers.set('X-Line-Request-Id', id)
  })
}

export function gate(state: SandboxState) {
  return createMiddleware<SandboxEnv>(async (c, next) => {
    if (c.req.header('Authorization') !== `Bearer ${state.channelAccessToken}`) {
      return lineError(
        c,
        401,
        'Authentication failed. Confirm that the access token in the authorization header is valid.',
      )
    }
    const isSend = sendPath.test(c.req.path)
    const fault = state.picker.pick(isSend)
    c.set('fault', fault)
    if (fault === 'timeout') {
      await hang(state, c.req.raw.signal)
      return lineError(c, 504, 'Gateway timeout')
    }
    // The added latency is the way back: a request is counted and handled when it arrives, answered after it.
    const limiter = isSend ? state.sendLimiter : state.otherLimiter
    let refusal: Response | undefined
    if (fault === 'rate-limit' || (fault !== 'server-error' && !limiter.admit(state.now())))
      refusal = lineError(c, 429, 'The API rate limit has been exceeded. Try again later.')
    else if (fault === 'server-error') refusal = lineError(c, 500, 'Internal server error')
    else await next()
    if (state.faults.delayMs > 0) await new Promise((r) => setTimeout(r, state.faults.delayMs))
    return refusal
  })
}
