// Requires `Authorization: Bearer <session token>` and puts the verified session on `c.var.session`.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { unauthorized } from '../errors'
import { verifySession } from '../session-token'

export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw unauthorized('unauthorized', 'Sign in first: a session token is required')
  const { config, clock, sessions } = c.get('shop') // `c.var` copies every variable into a new object on each read
  c.set('session', verifySession(config.sessionSecret, match[1]!, clock(), sessions))
  // Set before the handler answers, so the Node adapter's fast response path stays (a header added after it is not).
  c.header('Cache-Control', 'no-store')
  await next()
})
