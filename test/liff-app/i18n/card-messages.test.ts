import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cardMessages } from '../../../liff-app/src/i18n/card-messages'
import { messages, pageMessages } from '../../../liff-app/src/i18n/messages'

const src = fileURLToPath(new URL('../../../liff-app/src/', import.meta.url))

/** Every source file the card shell loads statically (what the card can render before routed-app.ts and its strings). */
function cardFiles(entry = resolve(src, 'app-shell.ts'), seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen
  seen.add(entry)
  for (const [, spec] of readFileSync(entry, 'utf8').matchAll(/^import (?!type )[^'"]*from '(\.[^']+)'/gm)) {
    const path = resolve(dirname(entry), spec!)
    if (/\.(vue|css)$/.test(path)) {
      if (path.endsWith('.vue')) cardFiles(path, seen)
    } else cardFiles(`${path}.ts`, seen)
  }
  return seen
}

describe('card message catalogue', () => {
  it('holds every message key the card shell and its components use', () => {
    const files = cardFiles()
    expect([...files].some((f) => f.endsWith('card/CardPage.vue'))).toBe(true)
    expect([...files].some((f) => f.endsWith('routed-app.ts'))).toBe(false) // a dynamic import, with the other strings
    const used = new Set<string>()
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const [, key] of text.matchAll(/['"`]([a-zA-Z]+(?:\.[a-zA-Z_]+)+)['"`]/g))
        if (key! in messages) used.add(key!)
      // Keys built from a prefix (`history.kind.${entry.kind}`) must have every variant in the card catalogue.
      for (const [, prefix] of text.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z_]+)*\.)\$\{/g))
        for (const key of Object.keys(messages)) if (key.startsWith(prefix!)) used.add(key)
    }
    expect(used.size).toBeGreaterThan(20)
    expect([...used].filter((key) => !(key in cardMessages))).toEqual([])
  })

  it('is split from the other pages’ strings without overlap', () => {
    const overlap = Object.keys(cardMessages).filter((key) => key in pageMessages)
    expect(overlap).toEqual([])
    expect(Object.keys(messages)).toHaveLength(Object.keys(cardMessages).length + Object.keys(pageMessages).length)
  })
})
