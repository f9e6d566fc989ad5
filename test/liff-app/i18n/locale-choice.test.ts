import { describe, expect, it } from 'vitest'
import { chooseLocale, LOCALE_STORAGE_KEY, storedLocale } from '../../../liff-app/src/i18n/locale-choice'

describe('chooseLocale', () => {
  it('follows LINE’s language once LIFF has started', () => {
    expect(chooseLocale({ line: 'en', browser: 'ja-JP' })).toBe('en')
    expect(chooseLocale({ line: 'ja', browser: 'en-US' })).toBe('ja')
  })

  it('uses the browser’s language before LIFF has started', () => {
    expect(chooseLocale({ browser: 'en-GB' })).toBe('en')
    expect(chooseLocale({ browser: 'ja-JP' })).toBe('ja')
  })

  it('is Japanese by default and for any language other than English', () => {
    expect(chooseLocale({})).toBe('ja')
    expect(chooseLocale({ line: 'zh-TW', browser: 'en-US' })).toBe('ja')
    expect(chooseLocale({ line: 'ko', browser: null })).toBe('ja')
  })

  it('lets the switch stored in settings win over LINE’s and the browser’s language', () => {
    expect(chooseLocale({ stored: 'en', line: 'ja', browser: 'ja-JP' })).toBe('en')
    expect(chooseLocale({ stored: 'ja', line: 'en-US', browser: 'en-US' })).toBe('ja')
  })

  it('ignores a stored value that is not a locale', () => {
    expect(chooseLocale({ stored: 'fr', line: 'en' })).toBe('en')
    expect(chooseLocale({ stored: '', browser: 'ja' })).toBe('ja')
  })
})

describe('storedLocale', () => {
  it('reads the switch’s key, and is null when storage is missing or throws', () => {
    expect(storedLocale({ getItem: (key) => (key === LOCALE_STORAGE_KEY ? 'en' : null) })).toBe('en')
    expect(storedLocale(undefined)).toBeNull()
    expect(
      storedLocale({
        getItem: () => {
          throw new Error('SecurityError')
        },
      }),
    ).toBeNull()
  })
})
