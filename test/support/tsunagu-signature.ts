// A receiver's check of `X-Tsunagu-Signature`, written as docs/outgoing-webhooks.md tells shops to (node:crypto,
// independent of the server's code); usable on Node and in workerd (nodejs_compat).
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Whether `header` (`t=…,v1=…`) signs `body` with `secret`, as docs/outgoing-webhooks.md tells receivers to check. */
export function verifyTsunaguSignature(secret: string, body: string, header: string | null): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]))
  if (!parts.t || !parts.v1) return false
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest()
  const given = Buffer.from(parts.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
