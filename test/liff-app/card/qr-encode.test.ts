import fc from 'fast-check'
import jsQR from 'jsqr'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { byteCapacity, encodeQr, MAX_VERSION, type QrSymbol } from '../../../liff-app/src/card/qr-encode'

/** Draws the symbol with a 4-module quiet zone at `scale` pixels per module and decodes it as a scanner would. */
function decode({ size, modules }: QrSymbol, scale = 4): string | null {
  const side = (size + 8) * scale
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255)
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / scale) - 4
      const c = Math.floor(x / scale) - 4
      if (r >= 0 && c >= 0 && r < size && c < size && modules[r * size + c])
        rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3)
    }
  return jsQR(rgba, side, side, { inversionAttempts: 'dontInvert' })?.data ?? null
}

/** `qrcode`'s symbol for the same bytes (byte mode, level M): the reference the own encoder must equal. */
function reference(text: string) {
  const symbol = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M' })
  return { version: symbol.version, mask: symbol.maskPattern, modules: Array.from(symbol.modules.data) }
}

/** A card-token-like ASCII string of `length` characters, varied by `seed`. */
function ascii(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
  return Array.from({ length }, (_, i) => alphabet[(i * 31 + seed * 17 + ((i * seed) % 7)) % alphabet.length]).join('')
}

describe('encodeQr (byte mode, level M)', () => {
  it('gives the same symbol as qrcode for every length it supports', () => {
    for (let length = 1; length <= byteCapacity(MAX_VERSION); length++) {
      const text = ascii(length, length)
      const ours = encodeQr(text)
      expect({ version: ours.version, mask: ours.mask, modules: Array.from(ours.modules) }).toEqual(reference(text))
    }
  })

  it('gives the same symbol as qrcode for arbitrary strings, UTF-8 included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (text) => {
        fc.pre(new TextEncoder().encode(text).length <= byteCapacity(MAX_VERSION))
        const ours = encodeQr(text)
        expect({ version: ours.version, mask: ours.mask, modules: Array.from(ours.modules) }).toEqual(reference(text))
      }),
      { numRuns: 300 },
    )
  })

  it('decodes with jsQR under every mask pattern and in every version', () => {
    for (let version = 1; version <= MAX_VERSION; version++) {
      const text = ascii(byteCapacity(version), version) // fills the version exactly
      for (let mask = 0; mask < 8; mask++) {
        const symbol = encodeQr(text, mask)
        expect([symbol.version, symbol.mask, symbol.size]).toEqual([version, mask, version * 4 + 17])
        expect(decode(symbol)).toBe(text)
      }
    }
  })

  it('decodes real-shaped card tokens of many lengths', () => {
    for (let length = 40; length <= 80; length++) {
      const token = `k1.${ascii(length - 3, length)}`
      expect(decode(encodeQr(token))).toBe(token)
    }
  })

  it('picks the smallest version that holds the bytes', () => {
    expect(encodeQr('x'.repeat(14)).version).toBe(1)
    expect(encodeQr('x'.repeat(15)).version).toBe(2)
    expect(encodeQr('x'.repeat(62)).version).toBe(4)
    expect(encodeQr('x'.repeat(63)).version).toBe(5)
    expect(encodeQr('あ'.repeat(5)).version).toBe(2) // 15 bytes in UTF-8
  })

  it('refuses more than version 10 holds', () => {
    expect(() => encodeQr('x'.repeat(byteCapacity(MAX_VERSION) + 1))).toThrow(RangeError)
  })
})
