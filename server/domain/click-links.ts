// Click tracking: every https link a reported message carries (a uri action's `uri`, an imagemap's `linkUri`, a URL
// in a text message) is sent as `{publicUrl}/r/{code}`. The code is a signed compact token of either {campaign,
// member, link index} (campaign deliveries `campaign:<id>:<member>`, links rewritten when enqueued) or {delivery id,
// link index} (scenario steps and triggers, rewritten by the sender). It names no URL: the redirect reads the target
// from the stored messages (the campaign's, or the delivery's own), so it can never point elsewhere.
import { timingSafeEqual } from 'node:crypto'
import { hmacSha256 } from '../driver/noble-hmac'

export interface CampaignClickCode {
  campaignId: number
  memberId: number
  linkIndex: number
}

export interface DeliveryClickCode {
  deliveryId: number
  linkIndex: number
}

export type ClickCode = CampaignClickCode | DeliveryClickCode

const textUrl = /https:\/\/[!-~]+/g
const macBytes = 9

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/**
 * `messages` with every https link replaced by `replace(url)` (kept where it answers undefined). Text is rewritten
 * only in top-level text messages: a Flex text component's URL is not a link in LINE.
 */
export function mapLinks(messages: readonly unknown[], replace: (url: string) => string | undefined): unknown[] {
  const swap = (url: string) => (url.startsWith('https://') ? (replace(url) ?? url) : url)
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk)
    if (!isObject(v)) return v
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v))
      out[k] = typeof x === 'string' && ((k === 'uri' && v.type === 'uri') || k === 'linkUri') ? swap(x) : walk(x)
    return out
  }
  return messages.map((m) => {
    const walked = walk(m)
    if (!isObject(walked) || walked.type !== 'text' || typeof walked.text !== 'string') return walked
    return { ...walked, text: walked.text.replace(textUrl, swap) }
  })
}

/** The distinct https links of messages (a campaign's, a delivery's), in order of appearance: a click code names one by index. */
export function campaignLinks(messages: readonly unknown[]): string[] {
  const links: string[] = []
  mapLinks(messages, (url) => {
    if (!links.includes(url)) links.push(url)
    return undefined
  })
  return links
}

function varints(values: number[]): number[] {
  const bytes: number[] = []
  for (let v of values) {
    while (v >= 0x80) {
      bytes.push(v % 0x80 | 0x80)
      v = Math.floor(v / 0x80)
    }
    bytes.push(v)
  }
  return bytes
}

const mac = (secret: string, payload: Uint8Array) =>
  hmacSha256(secret, `click:${Buffer.from(payload).toString('base64url')}`).subarray(0, macBytes)

/** The code of one link of one delivery: ~16 characters of base64url, 72 bits of them a MAC. */
export function signClickCode(secret: string, code: ClickCode): string {
  const values =
    'campaignId' in code ? [code.campaignId, code.memberId, code.linkIndex] : [code.deliveryId, code.linkIndex]
  const payload = Uint8Array.from(varints(values))
  return Buffer.concat([payload, mac(secret, payload)]).toString('base64url')
}

const codeText = /^[A-Za-z0-9_-]{14,40}$/

/** The link a code names, or null for anything we did not sign (tampered, truncated, not base64url). */
export function verifyClickCode(secret: string, text: string): ClickCode | null {
  if (!codeText.test(text)) return null
  const bytes = Buffer.from(text, 'base64url')
  if (bytes.toString('base64url') !== text || bytes.length <= macBytes) return null
  const payload = bytes.subarray(0, bytes.length - macBytes)
  if (!timingSafeEqual(mac(secret, payload), bytes.subarray(bytes.length - macBytes))) return null
  const values: number[] = []
  let value = 0
  let scale = 1
  for (const b of payload) {
    value += (b & 0x7f) * scale
    scale *= 0x80
    if (b < 0x80) {
      values.push(value)
      value = 0
      scale = 1
    }
  }
  if (scale !== 1) return null
  if (values.length === 2) return { deliveryId: values[0]!, linkIndex: values[1]! }
  if (values.length !== 3) return null
  const [campaignId, memberId, linkIndex] = values as [number, number, number]
  return { campaignId, memberId, linkIndex }
}

/** `messages` as one member receives them: each of the campaign's links through its click code. */
export function trackedMessages(
  messages: readonly unknown[],
  links: readonly string[],
  sign: (linkIndex: number) => string,
): unknown[] {
  return mapLinks(messages, (url) => {
    const i = links.indexOf(url)
    return i < 0 ? undefined : sign(i)
  })
}
