import { describe, expect, it } from 'vitest'
import {
  fieldFilterOf,
  toggleFieldChoice,
  toggleFieldMonth,
  withFieldDates,
  withFieldText,
} from '../../../../liff-app/src/admin/campaigns/segment-rules'
import { withQuestionnaireLink, emptyFields } from '../../../../liff-app/src/admin/campaigns/campaign-form'

describe('segment rules on custom fields', () => {
  it('toggles options of a field, keeping other fields’ conditions, and drops the rule once empty', () => {
    const dry = toggleFieldChoice({ ranks: ['gold'] }, 'skin', 'dry')
    expect(dry).toEqual({ ranks: ['gold'], fields: [{ key: 'skin', op: 'any_of', values: ['dry'] }] })
    const both = toggleFieldChoice(withFieldText(dry, 'store', ' 渋谷 '), 'skin', 'oily')
    expect(fieldFilterOf(both, 'skin', 'any_of')?.values).toEqual(['dry', 'oily'])
    expect(fieldFilterOf(both, 'store', 'equals')?.value).toBe('渋谷')
    const none = toggleFieldChoice(toggleFieldChoice(withFieldText(both, 'store', ''), 'skin', 'dry'), 'skin', 'oily')
    expect(none).toEqual({ ranks: ['gold'], fields: undefined })
  })

  it('keeps a date range with either end open and months beside it', () => {
    const from = withFieldDates({}, 'pet', '2020-01-01', '')
    expect(from.fields).toEqual([{ key: 'pet', op: 'date_between', from: '2020-01-01' }])
    const may = toggleFieldMonth(from, 'pet', 5)
    expect(may.fields).toHaveLength(2)
    expect(withFieldDates(toggleFieldMonth(may, 'pet', 5), 'pet', '', '')).toEqual({ fields: undefined })
  })
})

describe('withQuestionnaireLink', () => {
  const url = 'https://liff.line.me/1-abc/settings/profile?questions=1'
  it('adds the link on its own line to a text message once', () => {
    const once = withQuestionnaireLink(
      'text',
      { ...emptyFields(), text: 'アンケートにご協力ください' },
      url,
      '回答する',
    )
    expect(once.text).toBe(`アンケートにご協力ください\n${url}`)
    expect(withQuestionnaireLink('text', once, url, '回答する')).toEqual(once)
  })
  it('makes it the button of a Flex message, keeping a typed label', () => {
    expect(withQuestionnaireLink('news', emptyFields(), url, '回答する')).toMatchObject({
      url,
      buttonLabel: '回答する',
    })
    const typed = { ...emptyFields(), buttonLabel: '答える' }
    expect(withQuestionnaireLink('news', typed, url, '回答する').buttonLabel).toBe('答える')
  })
})
