// The Flex renderer's HTML: a tagged template that escapes every interpolated value except HTML it built itself.
// Plain code (no framework) so that the server's sandbox inbox and the admin console's preview share the renderer.

/** HTML made by `html`: safe to put on a page as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => entities[c]!)

type Part = Html | string | number | undefined | null | false | readonly Part[]

function piece(part: Part): string {
  if (part instanceof Html) return part.value
  if (Array.isArray(part)) return part.map(piece).join('')
  if (part === undefined || part === null || part === false) return ''
  return escape(String(part))
}

/** `html\`<p>${text}</p>\``: strings and numbers are escaped, `Html` and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? piece(parts[i]!) : ''), ''))
}
