// Verifies LINE's `x-line-signature`: base64 HMAC-SHA256 of the raw body with the channel secret (constant time).
const encoder = new TextEncoder()

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0))
  } catch {
    return null
  }
}

export async function verifyLineSignature(
  channelSecret: string,
  body: Uint8Array<ArrayBuffer>,
  signature: string | undefined,
): Promise<boolean> {
  if (!signature) return false
  const given = fromBase64(signature.trim())
  if (!given || given.length !== 32) return false
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(channelSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  return crypto.subtle.verify('HMAC', key, given, body)
}
