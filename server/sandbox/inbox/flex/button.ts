// Flex `button`, and the tap targets behind actions: postback and message actions become form posts that
// make the webhook sender play the customer's tap; uri actions open the link.
import { html } from 'hono/html'
import { color, safeUrl, style } from './css'
import type { ActionTarget, FlexNode, Html } from './types'

export function renderAction(
  action: unknown,
  label: string,
  target: ActionTarget,
  css: string,
  className: string,
): Html {
  const a = (action ?? {}) as Record<string, unknown>
  if (a.type === 'postback' || a.type === 'message') {
    const field =
      a.type === 'postback'
        ? html`<input type="hidden" name="data" value="${String(a.data ?? '')}" />`
        : html`<input type="hidden" name="text" value="${String(a.text ?? '')}" />`
    return html`<form method="post" class="fx-tap">
      <input type="hidden" name="user" value="${target.userId}" /><input
        type="hidden"
        name="kind"
        value="${a.type}"
      />${field}<button type="submit" class="${className}" style="${css}">${label}</button>
    </form>`
  }
  const url = a.type === 'uri' ? safeUrl(a.uri) : undefined
  if (url)
    return html`<a class="${className}" style="${css}" href="${url}" target="_blank" rel="noopener noreferrer"
      >${label}</a
    >`
  return html`<button type="button" class="${className}" style="${css}" disabled title="${String(a.type ?? '')}">
    ${label}
  </button>`
}

export function renderButton(node: FlexNode, flex: string | undefined, target: ActionTarget): Html {
  const action = (node.action ?? {}) as Record<string, unknown>
  const kind = node.style === 'primary' || node.style === 'secondary' ? node.style : 'link'
  const css = style({
    flex,
    background: kind === 'link' ? undefined : color(node.color),
    color: kind === 'link' ? color(node.color) : undefined,
    'min-height': node.height === 'sm' ? '40px' : '52px',
  })
  return renderAction(action, String(action.label ?? ''), target, css, `fx-button fx-${kind}`)
}
