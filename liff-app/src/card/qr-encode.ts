// A byte-mode QR encoder (ISO/IEC 18004) for the card token, error correction level M, versions 1–10 (up to 213
// bytes; a card token is ~50 ASCII characters, version 4). The card's first paint carried `qrcode`'s whole core
// (segment optimiser, Kanji/numeric/alphanumeric modes, versions to 40 and dijkstrajs: ~6.7 KB gz) for this one job.
// The mask is chosen with the same penalty rules as `qrcode`, so both give the same symbol (test/liff-app/card).

/** Total codewords per version (index = version). */
const TOTAL = [0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
/** Level M: error correction codewords per block, and the number of blocks. */
const EC_PER_BLOCK = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5]
export const MAX_VERSION = 10

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512)
const LOG = new Uint8Array(256)
for (let i = 0, x = 1; i < 255; i++, x = x & 0x80 ? ((x << 1) ^ 0x11d) & 0xff : x << 1) {
  EXP[i] = x
  LOG[x] = i
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!
const mul = (a: number, b: number) => (a && b ? EXP[LOG[a]! + LOG[b]!]! : 0)

/** Reed–Solomon error correction codewords of `data` (generator ∏ (x − α^i), i < n). */
function reedSolomon(data: Uint8Array, n: number): Uint8Array {
  const gen = new Uint8Array(n + 1)
  gen[0] = 1
  // Highest degree first (gen[0] = 1): multiply by (x + α^i) one factor at a time.
  for (let i = 0; i < n; i++) for (let j = i + 1; j > 0; j--) gen[j]! ^= mul(gen[j - 1]!, EXP[i]!)
  // The remainder of data·x^n divided by gen.
  const rem = new Uint8Array(n)
  for (const byte of data) {
    const factor = byte ^ rem[0]!
    rem.copyWithin(0, 1)
    rem[n - 1] = 0
    for (let j = 0; j < n; j++) rem[j]! ^= mul(gen[j + 1]!, factor)
  }
  return rem
}

/** BCH remainder of `value << bits` by `poly` (format and version information). */
function bch(value: number, poly: number, bits: number): number {
  let rem = value << bits
  const top = 31 - Math.clz32(poly)
  for (let i = 31 - Math.clz32(rem); i >= top; i--) if (rem & (1 << i)) rem ^= poly << (i - top)
  return (value << bits) | rem
}

/** Data capacity in bytes (byte mode, level M) of a version. */
export function byteCapacity(version: number): number {
  const dataBits = (TOTAL[version]! - EC_PER_BLOCK[version]! * BLOCKS[version]!) * 8
  return Math.floor((dataBits - 4 - (version < 10 ? 8 : 16)) / 8)
}

/** Mode indicator, count, bytes, terminator and padding, split into blocks with their ECC and interleaved. */
function codewords(bytes: Uint8Array, version: number): Uint8Array {
  const total = TOTAL[version]!
  const ecLen = EC_PER_BLOCK[version]!
  const blocks = BLOCKS[version]!
  const dataLen = total - ecLen * blocks
  const data = new Uint8Array(dataLen)
  let bit = 0
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--, bit++) if ((value >>> i) & 1) data[bit >> 3]! |= 0x80 >> (bit & 7)
  }
  put(0b0100, 4)
  put(bytes.length, version < 10 ? 8 : 16)
  for (const b of bytes) put(b, 8)
  put(0, Math.min(4, dataLen * 8 - bit))
  bit = Math.ceil(bit / 8) * 8
  for (let pad = 0xec; bit < dataLen * 8; pad ^= 0xec ^ 0x11) put(pad, 8)

  // Blocks: the shorter ones first; every block has the same number of ECC codewords.
  const short = Math.floor(dataLen / blocks)
  const longCount = dataLen % blocks
  const parts: Uint8Array[] = []
  for (let b = 0, offset = 0; b < blocks; b++) {
    const size = short + (b >= blocks - longCount ? 1 : 0)
    parts.push(data.subarray(offset, offset + size))
    offset += size
  }
  const out = new Uint8Array(total)
  let o = 0
  for (let i = 0; i <= short; i++) for (const part of parts) if (i < part.length) out[o++] = part[i]!
  const ecc = parts.map((part) => reedSolomon(part, ecLen))
  for (let i = 0; i < ecLen; i++) for (const e of ecc) out[o++] = e[i]!
  return out
}

/** Whether mask pattern `p` inverts the module at row `r`, column `c`. */
function masked(p: number, r: number, c: number): boolean {
  switch (p) {
    case 0:
      return (r + c) % 2 === 0
    case 1:
      return r % 2 === 0
    case 2:
      return c % 3 === 0
    case 3:
      return (r + c) % 3 === 0
    case 4:
      return (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0
    case 5:
      return ((r * c) % 2) + ((r * c) % 3) === 0
    case 6:
      return (((r * c) % 2) + ((r * c) % 3)) % 2 === 0
    default:
      return (((r * c) % 3) + ((r + c) % 2)) % 2 === 0
  }
}

/** Penalty score of a symbol, in one pass: N1 runs, N2 2×2 blocks, N3 finder-like patterns, N4 dark balance. */
function penalty(m: Uint8Array, size: number): number {
  let points = 0
  let dark = 0
  for (let i = 0; i < size; i++) {
    let runRow = 0
    let runCol = 0
    let lastRow = -1
    let lastCol = -1
    let bitsRow = 0
    let bitsCol = 0
    const row = i * size
    for (let j = 0; j < size; j++) {
      const a = m[row + j]!
      const b = m[j * size + i]!
      dark += a
      if (a === lastRow) runRow++
      else {
        if (runRow >= 5) points += runRow - 2
        lastRow = a
        runRow = 1
      }
      if (b === lastCol) runCol++
      else {
        if (runCol >= 5) points += runCol - 2
        lastCol = b
        runCol = 1
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | a
      bitsCol = ((bitsCol << 1) & 0x7ff) | b
      if (j >= 10) {
        if (bitsRow === 0x5d0 || bitsRow === 0x05d) points += 40
        if (bitsCol === 0x5d0 || bitsCol === 0x05d) points += 40
      }
      if (i < size - 1 && j < size - 1) {
        const block = a + m[row + j + 1]! + m[row + size + j]! + m[row + size + j + 1]!
        if (block === 0 || block === 4) points += 3
      }
    }
    if (runRow >= 5) points += runRow - 2
    if (runCol >= 5) points += runCol - 2
  }
  return points + Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10) * 10
}

export interface QrSymbol {
  /** Modules per side. */
  size: number
  /** Row-major, 1 = dark. */
  modules: Uint8Array
  version: number
  mask: number
}

/**
 * Encode `text` (UTF-8, byte mode) at error correction level M in the smallest version that holds it; `mask`
 * forces a mask pattern (0–7) instead of the one with the lowest penalty.
 */
export function encodeQr(text: string, mask?: number): QrSymbol {
  const bytes = new TextEncoder().encode(text)
  let version = 1
  while (byteCapacity(version) < bytes.length)
    if (++version > MAX_VERSION) throw new RangeError(`QR payload too long: ${bytes.length} bytes`)
  const size = version * 4 + 17
  const m = new Uint8Array(size * size)
  const reserved = new Uint8Array(size * size)
  const set = (r: number, c: number, dark: boolean | number) => {
    m[r * size + c] = dark ? 1 : 0
    reserved[r * size + c] = 1
  }

  // Finder patterns with their separators.
  for (const [fr, fc] of [
    [0, 0],
    [size - 7, 0],
    [0, size - 7],
  ] as const)
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        if (fr + r < 0 || fr + r >= size || fc + c < 0 || fc + c >= size) continue
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3))
        set(fr + r, fc + c, ring !== 2 && ring !== 4)
      }
  // Timing patterns.
  for (let i = 8; i < size - 8; i++) {
    set(i, 6, i % 2 === 0)
    set(6, i, i % 2 === 0)
  }
  // Alignment patterns: none at the three finder corners.
  if (version > 1) {
    const last = size - 7
    const centres = version < 7 ? [6, last] : [6, (6 + last) / 2, last]
    for (const r of centres)
      for (const c of centres) {
        if ((r === 6 && c === 6) || (r === 6 && c === last) || (r === last && c === 6)) continue
        for (let dr = -2; dr <= 2; dr++)
          for (let dc = -2; dc <= 2; dc++) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1)
      }
  }
  // Format information (level M = 00) and the dark module.
  const placeFormat = (maskPattern: number) => {
    const bits = bch(maskPattern, 0x537, 10) ^ 0x5412
    for (let i = 0; i < 15; i++) {
      const dark = (bits >> i) & 1
      set(i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, 8, dark)
      set(8, i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i, dark)
    }
    set(size - 8, 8, 1)
  }
  placeFormat(0)
  // Version information (versions 7 and up).
  if (version >= 7) {
    const bits = bch(version, 0x1f25, 12)
    for (let i = 0; i < 18; i++) {
      const dark = (bits >> i) & 1
      set(Math.floor(i / 3), (i % 3) + size - 11, dark)
      set((i % 3) + size - 11, Math.floor(i / 3), dark)
    }
  }

  // Data, in two-module columns zigzagging up and down from the bottom right, skipping the vertical timing column.
  const data = codewords(bytes, version)
  let index = 0
  for (let right = size - 1, upward = true; right > 0; right -= 2, upward = !upward) {
    if (right === 6) right = 5
    for (let step = 0; step < size; step++) {
      const r = upward ? size - 1 - step : step
      for (let c = right; c >= right - 1; c--) {
        if (reserved[r * size + c]) continue
        m[r * size + c] = index < data.length * 8 ? (data[index >> 3]! >> (7 - (index & 7))) & 1 : 0
        index++
      }
    }
  }

  const withMask = (p: number): Uint8Array => {
    placeFormat(p)
    const out = m.slice()
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) if (!reserved[r * size + c] && masked(p, r, c)) out[r * size + c]! ^= 1
    return out
  }
  let chosen = mask ?? -1
  let best = Infinity
  let symbol: Uint8Array = m
  for (let p = mask ?? 0; p <= (mask ?? 7); p++) {
    const candidate = withMask(p)
    const score = mask === undefined ? penalty(candidate, size) : 0
    if (score < best) [best, chosen, symbol] = [score, p, candidate]
  }
  return { size, modules: symbol, version, mask: chosen }
}
