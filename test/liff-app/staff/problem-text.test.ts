import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cardTokenFailures } from '../../../server/domain/card-token'
import { translate } from '../../../liff-app/src/i18n/messages'
import { problemKey } from '../../../liff-app/src/staff/problem-text'
import { answeredCodes } from '../../support/refusal-codes'

const server = new URL('../../../server/', import.meta.url)
/** The staff routes the till and its screens call (coupons have their own words: liff-app/src/coupons/till-messages.json). */
const tillRoutes = [
  'routes/staff/cards',
  'routes/staff/checkout',
  'routes/staff/transactions',
  'routes/staff/redeem-approvals',
]

/**
 * The sources the till's answers come from: its routes, and what they import from the server's routes, use cases,
 * data and linking modules, two imports deep (route → use case → data).
 */
function tillSources(): string[] {
  const seen = new Set<string>()
  const visit = (file: URL, depth: number) => {
    if (seen.has(file.href) || !existsSync(file)) return
    seen.add(file.href)
    if (depth === 0) return
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const next = new URL(`${spec}.ts`, file)
      if (/\/server\/(usecases|data|linking|routes\/staff)\//.test(next.pathname)) visit(next, depth - 1)
    }
  }
  for (const route of tillRoutes) visit(new URL(`${route}.ts`, server), 2)
  return [...seen].map((href) => readFileSync(new URL(href), 'utf8'))
}

/** Every code those sources refuse or throw, and every way a scanned card code is refused (`card_<reason>`). */
const tillCodes = () => [...new Set([...answeredCodes(tillSources()), ...cardTokenFailures.map((r) => `card_${r}`)])]

const expectBothLanguages = (code: string) => {
  const key = problemKey(code)
  expect(key, code).not.toBeNull()
  expect(translate(key!, 'ja'), code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  expect(translate(key!, 'en'), code).toMatch(/^[\x20-\x7e]+$/)
}

describe('problemKey', () => {
  it('has a Japanese and an English text for every refusal of a reversal, and none for an unknown code', () => {
    for (const code of [
      'already_reversed',
      'not_reversible',
      'other_store',
      'role_required',
      'entry_not_found',
      'idempotency_key_reused',
      'write_refused',
    ])
      expectBothLanguages(code)
    expect(problemKey('no_such_code')).toBeNull()
    expect(translate('staff.error.unknown', 'ja', { code: 'x_y' })).toBe('処理できませんでした（x_y）')
  })

  it('has words for every code the till can meet, read from the server so a new code without them fails here', () => {
    const codes = tillCodes()
    // The scan, earn, redeem, approval and reversal refusals at least.
    expect(codes).toEqual(
      expect.arrayContaining(['card_expired', 'card_member_inactive', 'purchase_amount_too_large', 'approval_invalid']),
    )
    const missing = codes.filter((code) => problemKey(code) === null)
    expect(missing).toEqual([])
    for (const code of codes) expectBothLanguages(code)
  })
})
