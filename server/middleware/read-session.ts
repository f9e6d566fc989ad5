// Customer requests on Workers read near the customer (D1 read replicas) and never further back than they have already
// read: each request is one D1 session, started from the bookmark the browser brought back in a cookie.
//
// Design (README, Architecture): the bookmark travels in an HttpOnly cookie the server sets, not in a header the card
// sends, so the card's first paint carries no byte for it (same-origin fetches send cookies by default). A checkout
// is written by staff on their own session, so no bookmark of the member's covers it; instead the member's reads are
// anchored where it matters:
// - no valid cookie, and every customer write (POST /api/session when the card opens, linking, profile, consent):
//   'first-primary', so the card opens on the primary's state, which includes every checkout made before, and a
//   member's own writes are in the bookmark they get back (read-your-writes);
// - reads with the cookie (QR rotations, the live card's long-poll): at least as fresh as the bookmark, on the nearest
//   replica: the balance never goes back, and a checkout while the card is open shows as soon as that replica has it
//   (the long-poll keeps asking the same session, which moves forward with its replica).
// The cookie is MAC'd with the session secret: a forged bookmark "from the future" would make a replica wait for a
// state that never comes, so only the server's own are used; anything else is ignored and replaced.
import { getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { bookmarkPattern, type SessionScope, type SessionStart } from '../../db/driver/d1-session-scope'
import { hmacSha256 } from '../driver/noble-hmac'
import { macText, sameMac } from '../domain/same-mac'
import type { AppEnv } from '../env'
import { sessionTtlSeconds } from '../session-token'

export const bookmarkCookie = 'tsunagu_d1'

const mac = (secret: string, bookmark: string) => hmacSha256(secret, `d1-bookmark.${bookmark}`)

/** The cookie's value for `bookmark`: the bookmark and its MAC. */
export const signBookmark = (secret: string, bookmark: string) => `${bookmark}.${macText(mac(secret, bookmark))}`

/** The bookmark a cookie value carries, if the server signed it; undefined for anything else. */
export function verifiedBookmark(secret: string, value: string | undefined): string | undefined {
  const dot = value?.indexOf('.') ?? -1
  if (!value || dot < 0) return undefined
  const bookmark = value.slice(0, dot)
  if (!bookmarkPattern.test(bookmark)) return undefined
  return sameMac(mac(secret, bookmark), value.slice(dot + 1)) ? bookmark : undefined
}

/** Runs each request's queries in one D1 session opened by `open`, and answers the session's newest bookmark. */
export const readSession = (open: (start: SessionStart) => SessionScope) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const shop = c.get('shop')
    const { sessionSecret } = shop.config
    const bookmark = verifiedBookmark(sessionSecret, getCookie(c, bookmarkCookie))
    const scope = open(c.req.method === 'GET' && bookmark ? { bookmark } : 'first-primary')
    c.set('shop', { ...shop, db: scope.db })
    await next()
    const newest = scope.bookmark()
    if (newest && newest !== bookmark)
      setCookie(c, bookmarkCookie, signBookmark(sessionSecret, newest), {
        path: '/api',
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
        maxAge: sessionTtlSeconds,
      })
  })
