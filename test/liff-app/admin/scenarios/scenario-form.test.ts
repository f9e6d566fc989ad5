import { describe, expect, it } from 'vitest'
import {
  exampleTimes,
  formOf,
  incompleteSteps,
  inputOf,
  moveStep,
  newScenario,
  newStep,
  waitWords,
  type Scenario,
} from '../../../../liff-app/src/admin/scenarios/scenario-form'

const tokyo = 'Asia/Tokyo'

describe('scenario form', () => {
  it('turns the form into the request, each step with the wait of its kind and its template’s content', () => {
    const form = newScenario()
    form.name = '  ようこそ '
    form.steps = [
      {
        ...newStep(),
        waitKind: 'after',
        amount: 2,
        unit: 'hours',
        days: 9,
        fields: { ...newStep().fields, text: 'こんにちは' },
      },
      {
        ...newStep(),
        key: 4,
        waitKind: 'at',
        days: 1,
        time: '10:00',
        template: 'news',
        couponId: 3,
        segment: { ranks: ['gold'] },
        fields: { ...newStep().fields, title: 'お知らせ', body: '本文', url: ' ' },
      },
    ]
    expect(inputOf(form)).toEqual({
      name: 'ようこそ',
      trigger: 'member.registered',
      status: 'paused',
      reentry: false,
      stopOn: ['purchase'],
      steps: [
        {
          wait: { kind: 'after', amount: 2, unit: 'hours' },
          content: { template: 'text', text: 'こんにちは' },
          couponId: null,
          segment: null,
        },
        {
          key: 4,
          wait: { kind: 'at', days: 1, time: '10:00' },
          content: {
            template: 'news',
            title: 'お知らせ',
            body: '本文',
            imageUrl: undefined,
            url: undefined,
            buttonLabel: undefined,
          },
          couponId: 3,
          segment: { ranks: ['gold'] },
        },
      ],
    })
  })

  it('reads a saved scenario back into the same request', () => {
    const saved = {
      id: 1,
      name: '登録後',
      trigger: 'friend.added',
      status: 'active',
      reentry: true,
      stopOn: ['link', 'unfollow'],
      steps: [
        {
          key: 2,
          wait: { kind: 'after', amount: 30, unit: 'minutes' },
          content: { template: 'text', text: 'やあ' },
          couponId: null,
          segment: null,
        },
        {
          key: 5,
          wait: { kind: 'at', days: 3, time: '19:30' },
          content: { template: 'points', title: 'ポイント', body: 'たまっています' },
          couponId: 7,
          segment: { visitedWithinDays: 30 },
        },
      ],
    } as Scenario
    const again = inputOf(formOf(saved))
    expect(again.steps.map((s) => [s.key, s.wait, s.couponId, s.segment])).toEqual(
      saved.steps.map((s) => [s.key, s.wait, s.couponId, s.segment]),
    )
    expect(again.steps[1]!.content).toMatchObject({ template: 'points', title: 'ポイント', body: 'たまっています' })
    expect(again).toMatchObject({
      trigger: 'friend.added',
      status: 'active',
      reentry: true,
      stopOn: ['link', 'unfollow'],
    })
  })

  it('names the start tag only for a tag scenario: a name alone is any value, no name is any tag', () => {
    const form = newScenario()
    form.trigger = 'member.tagged'
    expect(inputOf(form).startTag).toBeNull()
    form.tagName = ' vip '
    expect(inputOf(form).startTag).toEqual({ name: 'vip' })
    form.tagValue = 'gold'
    expect(inputOf(form).startTag).toEqual({ name: 'vip', value: 'gold' })
    expect(formOf({ ...({} as Scenario), ...inputOf(form), steps: [] } as Scenario)).toMatchObject({
      tagName: 'vip',
      tagValue: 'gold',
    })
    form.trigger = 'member.registered'
    expect(inputOf(form)).not.toHaveProperty('startTag')
  })

  it('moves a step up or down within the list, and names the steps with no content', () => {
    expect(moveStep(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moveStep(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moveStep(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a'])
    const form = newScenario()
    form.steps.push({ ...newStep(), fields: { ...newStep().fields, text: '二通目' } })
    expect(incompleteSteps(form)).toEqual([0])
  })

  it('says when each step would go for someone starting now, in the shop’s zone', () => {
    const form = newScenario()
    form.steps = [
      { ...newStep(), waitKind: 'after', amount: 1, unit: 'hours' },
      { ...newStep(), waitKind: 'at', days: 1, time: '10:00' },
    ]
    expect(exampleTimes(form, new Date('2026-11-23T03:00:00Z'), tokyo)).toEqual([
      '2026/11/23 13:00',
      '2026/11/24 10:00',
    ])
  })

  it('puts a wait in words through the page’s text keys', () => {
    expect(waitWords({ kind: 'after', amount: 0, unit: 'days' })).toEqual({ key: 'wait.now', params: {} })
    expect(waitWords({ kind: 'after', amount: 3, unit: 'hours' })).toEqual({ key: 'wait.hours', params: { n: 3 } })
    expect(waitWords({ kind: 'at', days: 2, time: '09:00' })).toEqual({
      key: 'wait.at',
      params: { days: 2, time: '09:00' },
    })
  })
})
