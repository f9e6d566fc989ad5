import { describe, expect, it } from 'vitest'
import { code128, code128Symbols, ean13, ean13Check, ean13Digits } from '../../../liff-app/src/card/barcode'

const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0)

describe('member barcodes', () => {
  it('encodes an even run of digits in Code 128 set C, two digits a symbol, with the mod-103 check', () => {
    // Start C (105), 00 00 00 00 18, check (105 + 18·5) % 103 = 92, stop.
    expect(code128Symbols('0000000018')).toEqual([105, 0, 0, 0, 0, 18, 92, 106])
    // 8 symbols of 11 modules, and the 13-module stop.
    expect(sum(code128('0000000018'))).toBe(7 * 11 + 13)
  })

  it('encodes other text in set B, with the published check of “Wikipedia”', () => {
    const symbols = code128Symbols('Wikipedia')
    expect(symbols[0]).toBe(104)
    expect(symbols.at(-2)).toBe(
      (104 + [55, 73, 75, 73, 80, 69, 68, 73, 65].reduce((s, v, i) => s + v * (i + 1), 0)) % 103,
    )
    const widths = code128('Wikipedia')
    expect(widths.slice(0, 6)).toEqual([2, 1, 1, 2, 1, 4]) // Start B
    expect(widths.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]) // stop
  })

  it('prints a member number as EAN-13 with the in-store prefix 20 and its check digit', () => {
    expect(ean13Check('400638133393')).toBe(1) // 4006381333931, the usual worked example
    expect(ean13Digits('0000000018')).toBe(`200000000018${ean13Check('200000000018')}`)
    const widths = ean13('4006381333931')
    expect(sum(widths)).toBe(95)
    expect(widths.slice(0, 3)).toEqual([1, 1, 1]) // start guard
    expect(widths.length).toBe(3 + 6 * 4 + 5 + 6 * 4 + 3)
  })
})
