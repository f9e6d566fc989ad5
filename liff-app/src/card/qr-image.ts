// Renders a card token as a QR image (SVG data URL) and decodes it off-screen, so swapping codes never flickers.

import { create } from 'qrcode/lib/core/qrcode'

const QUIET_ZONE = 4

/** SVG path of the dark modules, one `h…v1h…z` rectangle per horizontal run, offset by the quiet zone. */
function darkPath(size: number, data: Uint8Array): string {
  let d = ''
  for (let y = 0; y < size; y++) {
    let x = 0
    while (x < size) {
      if (!data[y * size + x]) {
        x++
        continue
      }
      const start = x
      while (x < size && data[y * size + x]) x++
      d += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`
    }
  }
  return d
}

/**
 * SVG QR code (error correction M, byte mode, 4-module quiet zone) as an `<img>`-ready data URL. Synchronous,
 * so the first code can be in the card's first render.
 */
export function qrDataUrl(value: string): string {
  const { modules } = create([{ data: value, mode: 'byte' }], { errorCorrectionLevel: 'M' })
  const full = modules.size + QUIET_ZONE * 2
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">` +
    `<rect width="${full}" height="${full}" fill="#fff"/><path d="${darkPath(modules.size, modules.data)}"/></svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}

/** Resolves once the browser has the image decoded, so assigning it to a visible `<img>` paints in one frame. */
export async function predecode(url: string): Promise<void> {
  const img = new Image()
  img.src = url
  await img.decode().catch(() => undefined)
}
