import jsQR from 'jsqr'
import { describe, expect, it } from 'vitest'
import { qrDataUrl } from '../../../liff-app/src/card/qr-image'

/** Reads the 1-bit bottom-up BMP of a data URL into a grid of dark (true) and light pixels. */
function readBmp(url: string): boolean[][] {
  const bytes = Buffer.from(url.replace(/^data:image\/bmp;base64,/, ''), 'base64')
  expect(bytes.subarray(0, 2).toString()).toBe('BM')
  expect(bytes.readUInt16LE(28)).toBe(1) // bits per pixel
  const offset = bytes.readUInt32LE(10)
  const width = bytes.readInt32LE(18)
  const height = bytes.readInt32LE(22)
  const stride = Math.ceil(width / 32) * 4
  return Array.from({ length: height }, (_, y) =>
    Array.from({ length: width }, (_, x) => {
      const byte = bytes[offset + (height - 1 - y) * stride + (x >> 3)]!
      return (byte & (0x80 >> (x & 7))) !== 0
    }),
  )
}

/** Scales the grid up like the page does (`image-rendering: pixelated`) and decodes it as a scanner would. */
function decode(grid: boolean[][], scale = 8): string | null {
  const size = grid.length * scale
  const rgba = new Uint8ClampedArray(size * size * 4)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = grid[Math.floor(y / scale)]![Math.floor(x / scale)] ? 0 : 255
      rgba.set([v, v, v, 255], (y * size + x) * 4)
    }
  return jsQR(rgba, size, size)?.data ?? null
}

describe('qrDataUrl', () => {
  it('draws a bitmap QR code that decodes back to the card token', () => {
    const token = 'v1.k1.eyJtIjoxMjM0NSwiaSI6MTczMjAwMDAwMCwidCI6IkFiQzEyMyJ9.dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ'
    const url = qrDataUrl(token)
    expect(url).toMatch(/^data:image\/bmp;base64,/)
    expect(decode(readBmp(url))).toBe(token)
  })

  it('is one pixel per module with a four-module light quiet zone', () => {
    const grid = readBmp(qrDataUrl('ABC'))
    expect(grid).toHaveLength(21 + 8) // version 1 is 21 modules wide
    for (const i of [0, 1, 2, 3, 25, 26, 27, 28]) {
      expect(grid[i]!.every((dark) => !dark)).toBe(true)
      expect(grid.every((row) => !row[i])).toBe(true)
    }
    expect(grid[4]!.slice(4, 11)).toEqual(Array(7).fill(true)) // top row of the top-left finder pattern
  })
})
