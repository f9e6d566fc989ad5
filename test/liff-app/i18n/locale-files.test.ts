import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const src = new URL('../../../liff-app/src/', import.meta.url)
/** The front end's JSON locale files: one table of pairs, or several tables by name (modules type them as PairTable). */
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'))

function tablesOf(file: string): [string, Record<string, unknown>][] {
  const data = JSON.parse(readFileSync(new URL(file, src), 'utf8')) as Record<string, unknown>
  const flat = Object.values(data).every((v) => Array.isArray(v))
  return flat
    ? [[file, data]]
    : Object.entries(data).map(([name, t]) => [`${file} ${name}`, t as Record<string, unknown>])
}

const entries = files.flatMap((file) =>
  tablesOf(file).flatMap(([table, pairs]) =>
    Object.entries(pairs).map(([key, pair]) => ({ at: `${table} ${key}`, pair })),
  ),
)
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
/** English that shows Japanese on purpose: the keywords a customer types in LINE, and Japanese's own name. */
const japaneseInEnglish = [
  'webhook-forward-messages.json forwardMessages replyRule',
  'messages.json settings.language.ja',
]

describe('JSON locale files', () => {
  it('hold a Japanese and an English text for every key, with the same placeholders', () => {
    expect(files.length).toBeGreaterThan(10)
    expect(entries.length).toBeGreaterThan(1000)
    const bad = entries.filter(
      ({ pair }) =>
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        !pair.every((text) => typeof text === 'string' && text.trim().length > 0) ||
        placeholders(pair[0] as string).join() !== placeholders(pair[1] as string).join(),
    )
    expect(bad.map((e) => e.at)).toEqual([])
  })

  it('show no Japanese on an English screen', () => {
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/
    const found = entries.filter(({ pair }) => japanese.test((pair as string[])[1]!)).map((e) => e.at)
    expect(found.filter((at) => !japaneseInEnglish.some((allowed) => at.endsWith(allowed)))).toEqual([])
    expect(found).toHaveLength(japaneseInEnglish.length)
  })
})
