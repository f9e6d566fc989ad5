// Renders a card token as a QR image (SVG data URL) and decodes it off-screen, so swapping codes never flickers.

import QRCode from 'qrcode'

/** SVG QR code with the standard 4-module quiet zone, as an `<img>`-ready data URL. */
export async function qrDataUrl(value: string): Promise<string> {
  const svg = await QRCode.toString(value, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#000000ff', light: '#ffffffff' },
  })
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}

/** Resolves once the browser has the image decoded, so assigning it to a visible `<img>` paints in one frame. */
export async function predecode(url: string): Promise<void> {
  const img = new Image()
  img.src = url
  await img.decode().catch(() => undefined)
}
