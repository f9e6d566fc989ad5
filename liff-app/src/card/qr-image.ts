// Renders a card token as a QR image (1-bit BMP data URL, one pixel per module, scaled up with `pixelated`) and
// decodes it off-screen, so swapping codes never flickers. A bitmap, not SVG: an SVG <img> builds a whole document
// on the main thread (~25–50 ms at 4× CPU slowdown), a 400-byte bitmap decodes off it.

import { encodeQr } from './qr-encode'

const QUIET_ZONE = 4

/** Bottom-up 1-bit BMP with a white/black palette; `dark(x, y)` says which pixels are black. */
function bmp(size: number, dark: (x: number, y: number) => boolean): Uint8Array {
  const stride = Math.ceil(size / 32) * 4
  const offset = 14 + 40 + 8
  const out = new Uint8Array(offset + stride * size)
  const view = new DataView(out.buffer)
  out.set([0x42, 0x4d]) // "BM"
  view.setUint32(2, out.length, true)
  view.setUint32(10, offset, true)
  view.setUint32(14, 40, true) // BITMAPINFOHEADER
  view.setInt32(18, size, true)
  view.setInt32(22, size, true)
  view.setUint16(26, 1, true) // planes
  view.setUint16(28, 1, true) // bits per pixel
  view.setUint32(34, stride * size, true)
  view.setUint32(46, 2, true) // palette entries
  out.set([255, 255, 255, 0, 0, 0, 0, 0], 54) // index 0 white, 1 black (B, G, R, 0)
  for (let y = 0; y < size; y++) {
    const row = offset + (size - 1 - y) * stride
    for (let x = 0; x < size; x++) if (dark(x, y)) out[row + (x >> 3)]! |= 0x80 >> (x & 7)
  }
  return out
}

/**
 * QR code (error correction M, byte mode, 4-module quiet zone) as an `<img>`-ready data URL, one pixel per module:
 * show it with `image-rendering: pixelated`. Synchronous, so the first code can be in the card's first render.
 */
export function qrDataUrl(value: string): string {
  const { size: n, modules } = encodeQr(value)
  const image = bmp(n + QUIET_ZONE * 2, (x, y) => {
    const mx = x - QUIET_ZONE
    const my = y - QUIET_ZONE
    return mx >= 0 && my >= 0 && mx < n && my < n && modules[my * n + mx] === 1
  })
  let binary = ''
  for (const byte of image) binary += String.fromCharCode(byte)
  return `data:image/bmp;base64,${btoa(binary)}`
}

/** Resolves once the browser has the image decoded, so assigning it to a visible `<img>` paints in one frame. */
export async function predecode(url: string): Promise<void> {
  const img = new Image()
  img.src = url
  await img.decode().catch(() => undefined)
}
