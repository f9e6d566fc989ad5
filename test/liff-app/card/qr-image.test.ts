import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { qrDataUrl } from '../../../liff-app/src/card/qr-image'
import { decodeQrFromPng } from '../../support/qr'

function decodeDataUrl(url: string): string | null {
  const svg = decodeURIComponent(url.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''))
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: 512 } }).render().asPng()
  return decodeQrFromPng(png)
}

describe('qrDataUrl', () => {
  it('draws an SVG QR code that decodes back to the card token', () => {
    const token = 'v1.k1.eyJtIjoxMjM0NSwiaSI6MTczMjAwMDAwMCwidCI6IkFiQzEyMyJ9.dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ'
    const url = qrDataUrl(token)
    expect(url).toMatch(/^data:image\/svg\+xml;charset=utf-8,/)
    expect(decodeDataUrl(url)).toBe(token)
  })

  it('keeps a four-module quiet zone around the symbol', () => {
    const svg = decodeURIComponent(qrDataUrl('ABC'))
    const [, size] = /viewBox="0 0 (\d+) \d+"/.exec(svg)!
    expect(Number(size)).toBe(21 + 8) // version 1 is 21 modules wide
    expect(svg).toContain('M4 4h7v1h-7z') // the top row of the top-left finder pattern starts at (4, 4)
  })
})
