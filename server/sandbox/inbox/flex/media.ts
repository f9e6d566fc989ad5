// Flex `image`, `icon` and `video` (shown as its preview image).
import { html } from 'hono/html'
import { imageSize, safeUrl, style } from './css'
import type { FlexNode, Html } from './types'

function aspect(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d+(\.\d+)?:\d+(\.\d+)?$/.test(value) ? value.replace(':', ' / ') : undefined
}

export function renderImage(node: FlexNode, flex: string | undefined): Html {
  const url = safeUrl(node.url)
  const css = style({
    flex,
    width: imageSize(node.size ?? 'md'),
    'aspect-ratio': aspect(node.aspectRatio) ?? '1 / 1',
    'object-fit': node.aspectMode === 'cover' ? 'cover' : 'contain',
  })
  return url
    ? html`<img class="fx-image" src="${url}" alt="" loading="lazy" style="${css}" />`
    : html`<div class="fx-image fx-missing" style="${css}">画像</div>`
}

export function renderIcon(node: FlexNode): Html {
  const url = safeUrl(node.url)
  const size = imageSize(node.size ?? 'md') === '100px' ? '1em' : '1.2em'
  return url ? html`<img class="fx-icon" src="${url}" alt="" style="width:${size};height:${size}" />` : html``
}

export function renderVideo(node: FlexNode): Html {
  return renderImage({ ...node, url: node.previewUrl, size: 'full' }, undefined)
}
