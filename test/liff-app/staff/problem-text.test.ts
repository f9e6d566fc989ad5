import { describe, expect, it } from 'vitest'
import { translate } from '../../../liff-app/src/i18n/messages'
import { problemKey } from '../../../liff-app/src/staff/problem-text'

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
    ]) {
      const key = problemKey(code)
      expect(key, code).not.toBeNull()
      expect(translate(key!, 'ja')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
      expect(translate(key!, 'en')).toMatch(/^[\x20-\x7e]+$/)
    }
    expect(problemKey('no_such_code')).toBeNull()
    expect(translate('staff.error.unknown', 'ja', { code: 'x_y' })).toBe('処理できませんでした（x_y）')
  })
})
