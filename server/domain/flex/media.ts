// Flex `image`, `icon` and `video` (shown as its preview image). An image sits centred in its slot at its `size`.
import { html, type Html } from './html'
import { imageSize, safeUrl, style } from './css'
import type { FlexNode } from './types'

function aspect(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d+(\.\d+)?:\d+(\.\d+)?$/.test(value) ? value.replace(':', ' / ') : undefined
}

const aligns: Record<string, string> = { start: 'flex-start', center: 'center', end: 'flex-end' }

/** `at`: the component's place in its box (flex, margin), from layout.ts. */
export function renderImage(node: FlexNode, at: string): Html {
  const url = safeUrl(node.url)
  const css = style({
    width: imageSize(node.size ?? 'md'),
    'aspect-ratio': aspect(node.aspectRatio) ?? '1 / 1',
    // LINE's default `fit` shows the whole image inside the ratio; `cover` fills it and crops.
    'object-fit': node.aspectMode === 'cover' ? 'cover' : 'contain',
  })
  const wrapper = style({ 'justify-content': typeof node.align === 'string' ? aligns[node.align] : undefined })
  const image = url
    ? html`<img class="fx-image" src="${url}" alt="" loading="lazy" style="${css}" />`
    : html`<div class="fx-image fx-missing" style="${css}">画像</div>`
  return html`<div class="fx-image-slot" style="${at};${wrapper}">${image}</div>`
}

export function renderIcon(node: FlexNode, at: string): Html {
  const url = safeUrl(node.url)
  const size = imageSize(node.size ?? 'md') === '100px' ? '1em' : '1.2em'
  return url
    ? html`<img class="fx-icon" src="${url}" alt="" style="${at};flex:0 0 auto;width:${size};height:${size}" />`
    : html``
}

export function renderVideo(node: FlexNode, at: string): Html {
  return renderImage({ ...node, url: node.previewUrl, size: 'full' }, at)
}
