// The account-link login page's ticket: binds the LINE user and LINE's link token to the page for 10 minutes (HS256).
import { jwtVerify, SignJWT } from 'jose'

const audience = 'tsunagu-account-link'
export const ticketTtlSeconds = 10 * 60
const key = (secret: string) => new TextEncoder().encode(secret)

export interface LinkTicket {
  lineUserId: string
  linkToken: string
}

export function signTicket(secret: string, ticket: LinkTicket, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000)
  return new SignJWT({ lt: ticket.linkToken })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(ticket.lineUserId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ticketTtlSeconds)
    .sign(key(secret))
}

/** The ticket's contents, or null when it is forged, expired or not a ticket. */
export async function readTicket(secret: string, token: string, now: Date): Promise<LinkTicket | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], audience, currentDate: now })
    if (!payload.sub || typeof payload.lt !== 'string') return null
    return { lineUserId: payload.sub, linkToken: payload.lt }
  } catch {
    return null
  }
}
