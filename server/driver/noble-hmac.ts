// HMAC-SHA256 for the server's own signed tokens (the session and the card's QR), one implementation for both.
// An adapter: it relies on noble's private `_cloneInto` (test/server/driver/noble-hmac.test.ts checks that contract).
// @noble/hashes (audited, plain JS, the same on Node and in workerd), from a state with the key absorbed once per
// secret: node:crypto's HMAC is as fast alone, but creates and later collects a native object per call, and under
// load the card path with it served ~15 % fewer reads (card-throughput, interleaved runs: 0.41–0.50× against
// 0.53–0.58×). The bytes are node:crypto's (tested).
import { hmac, type _HMAC } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'

// noble's own type for an HMAC (its hash type parameter is internal)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type KeyedHmac = _HMAC<any>
/** Per secret: its HMAC with the key already absorbed, and a scratch instance each MAC is cloned into. */
const keyed = new Map<string, { base: KeyedHmac; scratch: KeyedHmac }>()
const utf8 = new TextEncoder()

/** The 32-byte HMAC-SHA256 of `message` (UTF-8) under `secret` (UTF-8). */
export function hmacSha256(secret: string, message: string): Uint8Array {
  let k = keyed.get(secret)
  if (!k) {
    const base: KeyedHmac = hmac.create(sha256, utf8.encode(secret))
    k = { base, scratch: base.clone() }
    keyed.set(secret, k)
  }
  return k.base._cloneInto(k.scratch).update(utf8.encode(message)).digest()
}
