// Per-user endpoints other than rich menus (issue a link token, get a profile), and the bot's own info.
import { Hono } from 'hono'
import { lineError, randomToken, type SandboxEnv, type SandboxState } from '../context'

export function userRoutes(state: SandboxState): Hono<SandboxEnv> {
  const { record } = state
  return new Hono<SandboxEnv>()
    .post('/v2/bot/user/:userId/linkToken', (c) => {
      const linkToken = randomToken(24)
      record.linkTokens.set(linkToken, { lineUserId: c.req.param('userId'), issuedAt: state.now() })
      return c.json({ linkToken })
    })
    .get('/v2/bot/info', (c) => c.json(state.bot))
    .get('/v2/bot/profile/:userId', (c) => {
      const userId = c.req.param('userId')
      // Like LINE: no profile for unknown users or users who blocked the account.
      const profile = record.blocked.has(userId) ? undefined : record.users.get(userId)
      return profile ? c.json(profile) : lineError(c, 404, 'Not found')
    })
}
