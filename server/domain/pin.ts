// Member PINs (the optional second factor when linking): PBKDF2-SHA256 with a random salt, compared in constant time.
const iterations = 100_000
const encoder = new TextEncoder()

const hex = (bytes: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')
const unhex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16))

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveBits'])
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds }, key, 256)
}

/** `pbkdf2$<iterations>$<salt hex>$<hash hex>`. */
export async function hashPin(pin: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return `pbkdf2$${iterations}$${hex(salt)}$${hex(await derive(pin, salt, iterations))}`
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, rounds, salt, hash] = stored.split('$')
  if (scheme !== 'pbkdf2' || !rounds || !salt || !hash) return false
  const actual = new Uint8Array(await derive(pin, unhex(salt), Number(rounds)))
  const expected = unhex(hash)
  if (actual.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!
  return diff === 0
}
