import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../liff-app/src/api/http'
import { formError } from '../../../liff-app/src/forms/form-errors'

describe('formError', () => {
  it('puts the wait of a refused link attempt in plain words, in Japanese and English', () => {
    expect(formError(new ApiError(429, 'link_wait', 'wait', { retryAfterSeconds: 170 }))).toEqual({
      code: 'link_wait',
      ja: 'この会員番号での失敗が続いたため、3分ほど待ってからお試しください。',
      en: 'Too many failed attempts for this member number. Please try again in 3 minutes.',
    })
    expect(formError(new ApiError(429, 'link_locked', 'locked', { retryAfterSeconds: 3600 }))).toMatchObject({
      ja: expect.stringContaining('1時間ほど連携できません'),
      en: expect.stringContaining('try again in 1 hour.'),
    })
    expect(formError(new ApiError(429, 'rate_limited', 'slow down', { retryAfterSeconds: 60 }))).toMatchObject({
      ja: 'アクセスが集中しています。1分ほど待ってからお試しください。',
      en: 'Too many requests. Please try again in 1 minute.',
    })
  })

  it('still explains a refusal that came without its wait', () => {
    expect(formError(new ApiError(429, 'link_locked', 'locked'))).toMatchObject({
      code: 'link_locked',
      ja: expect.stringContaining('しばらく連携できません'),
    })
  })

  it('explains refused characters in both languages', () => {
    expect(formError(new ApiError(400, 'control_characters', 'server text'))).toMatchObject({
      code: 'control_characters',
      ja: expect.stringContaining('制御文字'),
      en: expect.stringContaining('cannot be used'),
    })
  })
})
