import { afterEach, describe, expect, it } from 'vitest'
import { useFormState } from '../../../liff-app/src/forms/form-state'
import { fieldTexts } from '../../../liff-app/src/forms/profile-rules'
import { currentLocale } from '../../../liff-app/src/i18n/useI18n'

describe('useFormState', () => {
  const before = currentLocale.value
  afterEach(() => {
    currentLocale.value = before
  })

  it("puts a field's problem in the customer's language, its placeholders filled", () => {
    const { problemText } = useFormState()
    const problem = { pair: fieldTexts.tooLong, params: { limit: 40, length: 41 } }
    currentLocale.value = 'ja'
    expect(problemText(problem)).toBe('40文字以内で入力してください（いま41文字）')
    currentLocale.value = 'en'
    expect(problemText(problem)).toBe('Use at most 40 characters (now 41)')
  })

  it('says nothing for a field without a problem', () => {
    const { problemText } = useFormState()
    expect(problemText(null)).toBeNull()
    expect(problemText(undefined)).toBeNull()
  })
})
