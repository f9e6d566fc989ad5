// Flex `button`, and the tap targets behind actions (buttons, rich menu areas): postback and message actions become
// form posts that make the webhook sender play the customer's tap; uri actions open the link, the LIFF app as the
// customer whose chat this is.
import { html, type Html } from './html'
import { color, safeUrl, style } from './css'
import type { ActionTarget, FlexNode } from './types'

/** Where a uri action goes: links into the app open it as the chat's persona, as LINE opens a LIFF URL as its user. */
export function actionUrl(uri: unknown, target: ActionTarget): string | undefined {
  const url = safeUrl(uri)
  if (!url || !target.personaKey || !target.appOrigin) return url
  const parsed = new URL(url)
  if (parsed.origin !== new URL(target.appOrigin).origin) return url
  parsed.searchParams.set('persona', target.personaKey)
  return parsed.toString()
}

/** The hidden fields of a tap: who, what kind, and the action's data, display text or message text. */
function tapFields(a: Record<string, unknown>, target: ActionTarget): Html {
  const fields: Record<string, string> =
    a.type === 'postback'
      ? {
          kind: 'postback',
          data: String(a.data ?? ''),
          ...(typeof a.displayText === 'string' ? { displayText: a.displayText } : {}),
        }
      : a.type === 'message'
        ? { kind: 'message', text: String(a.text ?? '') }
        : { kind: 'richmenuswitch', data: String(a.data ?? ''), alias: String(a.richMenuAliasId ?? '') }
  return html`<input type="hidden" name="user" value="${target.userId}" />${Object.entries(fields).map(
      ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
    )}`
}

/**
 * A tappable action: `outer` places it (on the form of a postback/message/richmenuswitch tap, or on the link), `inner`
 * styles the button inside a form.
 */
export function renderAction(
  action: unknown,
  label: Html | string,
  target: ActionTarget | null,
  className: string,
  outer: string,
  inner = '',
): Html {
  const a = (action ?? {}) as Record<string, unknown>
  if (!target) return html`<div class="${className}" style="${[outer, inner].filter(Boolean).join(';')}">${label}</div>`
  if (a.type === 'postback' || a.type === 'message' || a.type === 'richmenuswitch') {
    return html`<form method="post" class="fx-tap" style="${outer}">
      ${tapFields(a, target)}<button type="submit" class="${className}" style="${inner}">${label}</button>
    </form>`
  }
  const css = [outer, inner].filter(Boolean).join(';')
  const url = a.type === 'uri' ? actionUrl(a.uri, target) : undefined
  if (url)
    return html`<a class="${className}" style="${css}" href="${url}" target="_blank" rel="noopener noreferrer"
      >${label}</a
    >`
  return html`<button type="button" class="${className}" style="${css}" disabled title="${String(a.type ?? '')}">
    ${label}
  </button>`
}

/** `at`: the component's place in its box (flex, margin), from layout.ts. */
export function renderButton(node: FlexNode, at: string, target: ActionTarget | null): Html {
  const action = (node.action ?? {}) as Record<string, unknown>
  const kind = node.style === 'primary' || node.style === 'secondary' ? node.style : 'link'
  const look = style({
    background: kind === 'link' ? undefined : color(node.color),
    color: kind === 'link' ? color(node.color) : undefined,
    'min-height': node.height === 'sm' ? '40px' : '52px',
  })
  return renderAction(action, String(action.label ?? ''), target, `fx-button fx-${kind}`, at, look)
}
