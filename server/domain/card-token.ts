// Compact signed card tokens for the member QR: `<kid>.<payload>.<mac>`, HMAC-SHA256, about a minute of life.
import { randomFillSync } from 'node:crypto'
import type { CardKeys } from '../config'
import { hmacSha256 } from '../driver/noble-hmac'
import { macText, sameMac } from './same-mac'

export const cardTokenTtlSeconds = 60

export interface CardTokenClaims {
  memberId: number
  /** Seconds since epoch. */
  issuedAt: number
  /** 16 hex characters, unique per token: the single-use key. */
  tokenId: string
  kid: string
}

/** Why a scanned code does not verify; each is refused as `card_<reason>` (data/checkout.ts, `cardRefusal`). */
export const cardTokenFailures = ['malformed', 'unknown_key', 'bad_signature', 'expired', 'not_yet_valid'] as const
export type CardTokenFailure = (typeof cardTokenFailures)[number]

/** A refused token whose signature held (expired, not yet valid) still says whose it was, e.g. to match a retry. */
export type CardTokenResult =
  | { ok: true; claims: CardTokenClaims }
  | { ok: false; reason: CardTokenFailure; claims?: CardTokenClaims }

/** `bytes` as a Buffer over the same memory (no copy), for its base64url and hex encoders. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)

const toBase64Url = (bytes: Uint8Array) => asBuffer(bytes).toString('base64url')

const base64UrlText = /^[A-Za-z0-9_-]*$/

function fromBase64Url(text: string): Uint8Array | null {
  if (!base64UrlText.test(text) || text.length % 4 === 1) return null
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
}

/** 16-byte truncated HMAC-SHA256 of `<kid>.<payload>`. */
const mac = (secret: string, signed: string) => hmacSha256(secret, signed).subarray(0, 16)

const hex = (bytes: Uint8Array) => asBuffer(bytes).toString('hex')

/**
 * Random bytes for token ids, drawn from the CSPRNG 4 KB at a time and each handed out once: one
 * `randomFillSync` call per token cost ~10 µs under load (a native call and its garbage), more than the HMAC.
 */
const randomPool = new Uint8Array(4096)
let randomUsed = randomPool.length

function takeRandom(into: Uint8Array, offset: number, length: number): void {
  if (randomUsed + length > randomPool.length) {
    randomFillSync(randomPool)
    randomUsed = 0
  }
  into.set(randomPool.subarray(randomUsed, randomUsed + length), offset)
  randomPool.fill(0, randomUsed, randomUsed + length)
  randomUsed += length
}

/** Payload: member id (4 bytes), issued-at seconds (4 bytes), token id (8 bytes). */
export function signCardToken(keys: CardKeys, memberId: number, now: Date): { value: string; claims: CardTokenClaims } {
  return signScoped(keys, '', memberId, now)
}

/**
 * A token of another kind than the card (a coupon's QR is `c.<kid>.<payload>.<mac>`, `subjectId` its member coupon):
 * the scope prefix is signed too, so one kind is never accepted as another.
 */
export function signScoped(keys: CardKeys, scope: string, subjectId: number, now: Date) {
  const payload = new Uint8Array(16)
  const view = new DataView(payload.buffer)
  const issuedAt = Math.floor(now.getTime() / 1000)
  view.setUint32(0, subjectId)
  view.setUint32(4, issuedAt)
  takeRandom(payload, 8, 8)
  const signed = `${scope}${keys.current}.${toBase64Url(payload)}`
  const value = `${signed}.${macText(mac(keys.secrets[keys.current]!, signed))}`
  return { value, claims: { memberId: subjectId, issuedAt, tokenId: hex(payload.subarray(8)), kid: keys.current } }
}

/** Checks shape, key, signature and freshness (not single use: that needs the database). */
export function verifyCardToken(keys: CardKeys, value: string, now: Date): CardTokenResult {
  return verifyScoped(keys, '', value, now)
}

/** `verifyCardToken` for a token signed by `signScoped` with `scope` (its `memberId` is the subject id). */
export function verifyScoped(keys: CardKeys, scope: string, value: string, now: Date): CardTokenResult {
  const text = value.trim()
  if (!text.startsWith(scope)) return { ok: false, reason: 'malformed' }
  const parts = text.slice(scope.length).split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  const [kid, payloadText, givenMac] = parts as [string, string, string]
  const payload = fromBase64Url(payloadText)
  if (!payload || payload.length !== 16 || !base64UrlText.test(givenMac)) return { ok: false, reason: 'malformed' }
  const secret = keys.secrets[kid]
  if (!secret) return { ok: false, reason: 'unknown_key' }
  if (!sameMac(mac(secret, `${scope}${kid}.${payloadText}`), givenMac)) return { ok: false, reason: 'bad_signature' }
  const view = new DataView(payload.buffer, payload.byteOffset, 16)
  const issuedAt = view.getUint32(4)
  const age = Math.floor(now.getTime() / 1000) - issuedAt
  const claims = { memberId: view.getUint32(0), issuedAt, tokenId: hex(payload.subarray(8)), kid }
  if (age < -30) return { ok: false, reason: 'not_yet_valid', claims }
  if (age > cardTokenTtlSeconds) return { ok: false, reason: 'expired', claims }
  return { ok: true, claims }
}
