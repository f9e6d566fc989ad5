// Draws a rich menu as SVG (icons and Japanese/English labels) and renders it to PNG with resvg. Node only.
import { Resvg } from '@resvg/resvg-js'
import { richMenuSize, type MenuCell, type MenuSpec } from './definitions'

const icons: Record<MenuCell['icon'], string> = {
  card: '<rect x="-70" y="-45" width="140" height="90" rx="14"/><rect x="-50" y="-20" width="40" height="40" rx="4" fill="currentColor"/><path d="M10 -15h40M10 5h30"/>',
  coin: '<circle r="55"/><path d="M-20 -25h25a18 18 0 0 1 0 36h-25zM-20 -25v55"/>',
  calendar: '<rect x="-60" y="-45" width="120" height="100" rx="12"/><path d="M-60 -10h120M-30 -60v25M30 -60v25"/>',
  gear: '<circle r="22"/><path d="M0 -60v20M0 40v20M-60 0h20M40 0h20M-42 -42l14 14M28 28l14 14M-42 42l14 -14M28 -28l14 -14"/>',
  'user-plus': '<circle cx="-15" cy="-25" r="25"/><path d="M-60 50a45 45 0 0 1 90 0M40 -10v50M15 15h50"/>',
  link: '<rect x="-65" y="-22" width="70" height="44" rx="22"/><rect x="-5" y="-22" width="70" height="44" rx="22"/>',
  shop: '<path d="M-60 -20h120l-10 -30h-100zM-50 -20v70h100v-70M-15 50v-35h30v35"/>',
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!)

export function richMenuSvg(spec: MenuSpec): string {
  const { width, height } = richMenuSize
  const cellWidth = width / spec.cells.length
  const cells = spec.cells
    .map((cell, i) => {
      const cx = cellWidth * i + cellWidth / 2
      const divider =
        i > 0
          ? `<path d="M${cellWidth * i} 80V${height - 80}" stroke="#ffffff" stroke-opacity="0.35" stroke-width="4"/>`
          : ''
      return `${divider}<g transform="translate(${cx} ${height * 0.36})" fill="none" stroke="#ffffff" stroke-width="10" stroke-linecap="round" stroke-linejoin="round" color="#ffffff" transform-origin="0 0"><g transform="scale(1.6)">${icons[cell.icon]}</g></g>
<text x="${cx}" y="${height * 0.72}" text-anchor="middle" font-size="96" font-weight="700" fill="#ffffff">${escape(cell.ja)}</text>
<text x="${cx}" y="${height * 0.86}" text-anchor="middle" font-size="56" fill="#ffffff" fill-opacity="0.85">${escape(cell.en)}</text>`
    })
    .join('\n')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans CJK JP, Noto Sans JP, IPAexGothic, sans-serif">
<rect width="${width}" height="${height}" fill="${spec.color}"/>
${cells}
</svg>`
}

// A render loads the system's fonts and takes ~0.5 s; the PNG depends only on the SVG, so each is drawn once per process.
const rendered = new Map<string, Uint8Array>()

/** PNG bytes of the menu; text uses the system's fonts (Noto Sans CJK where installed). A fresh copy per call. */
export function renderRichMenuPng(spec: MenuSpec): Uint8Array {
  const svg = richMenuSvg(spec)
  let png = rendered.get(svg)
  if (!png) {
    const resvg = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK JP' } })
    png = resvg.render().asPng()
    rendered.set(svg, png)
  }
  return png.slice()
}
