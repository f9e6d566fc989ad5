// The one check of a MAC a client sent back (session token, card and coupon QR, D1 bookmark cookie): in the canonical
// unpadded base64url spelling only, in time that does not depend on where the texts differ, with no allocation but
// the expected text (the card's QR is checked on every scan).

/** `mac` as unpadded base64url, the spelling every signed token of the server carries. */
export const macText = (mac: Uint8Array) => Buffer.from(mac.buffer, mac.byteOffset, mac.length).toString('base64url')

/** Whether `given` (as sent) is `expected` (as computed) spelt in unpadded base64url; false for any other length. */
export function sameMac(expected: Uint8Array, given: string): boolean {
  const text = macText(expected)
  if (given.length !== text.length) return false
  let diff = 0
  for (let i = 0; i < text.length; i++) diff |= text.charCodeAt(i) ^ given.charCodeAt(i)
  return diff === 0
}
