import { describe, expect, it } from 'vitest'
import type { Campaign, CampaignProgress } from '../../../../liff-app/src/admin/api'
import {
  contentOf,
  doneShare,
  emptyFields,
  fieldsOf,
  heldUntil,
  inProgress,
  isComplete,
  neededFields,
  saveBody,
  scheduleOf,
  templates,
} from '../../../../liff-app/src/admin/campaigns/campaign-form'

const tokyo = 'Asia/Tokyo'
const fields = {
  ...emptyFields(),
  text: 'こんにちは',
  title: ' 冬のセール ',
  description: '全品20%OFF',
  body: 'お知らせ',
  code: '  ',
  validUntil: '2026-12-31',
  url: ' https://shop.test/sale ',
}

const progress = (p: Partial<CampaignProgress>): CampaignProgress =>
  ({ recipients: 10, byStatus: {}, reasons: [], nextAttemptAt: null, ...p }) as CampaignProgress
const campaign = (c: Partial<Campaign>): Campaign => ({ status: 'draft', scheduledAt: null, ...c }) as Campaign

describe('campaign form', () => {
  it('maps the form to each template’s content, trimming optional fields and leaving blank ones out', () => {
    expect(contentOf('text', fields)).toEqual({ template: 'text', text: 'こんにちは' })
    expect(contentOf('coupon', fields)).toEqual({
      template: 'coupon',
      title: ' 冬のセール ',
      description: '全品20%OFF',
      code: undefined,
      validUntil: '2026-12-31',
      imageUrl: undefined,
      url: 'https://shop.test/sale',
      buttonLabel: undefined,
    })
    expect(contentOf('points', fields)).toMatchObject({ template: 'points', body: 'お知らせ' })
    expect(contentOf('news', fields)).not.toHaveProperty('description')
  })

  it('fills the form back from saved content and keeps what other templates hold', () => {
    const back = fieldsOf({ template: 'news', title: 'T', body: 'B', url: 'https://x.test/' }, fields)
    expect(back).toMatchObject({ title: 'T', body: 'B', url: 'https://x.test/', text: 'こんにちは' })
    expect(contentOf('news', back)).toMatchObject({ title: 'T', body: 'B', url: 'https://x.test/' })
  })

  it('asks for a preview only once the required fields are filled in', () => {
    expect(isComplete({ template: 'text', text: '  ' })).toBe(false)
    expect(isComplete({ template: 'coupon', title: 'T', description: '' })).toBe(false)
    expect(isComplete({ template: 'coupon', title: 'T', description: 'D' })).toBe(true)
    expect(isComplete({ template: 'news', title: 'T', body: 'B' })).toBe(true)
  })

  it('shows the inputs of the chosen template only', () => {
    expect(templates).toEqual(['text', 'coupon', 'news', 'points'])
    expect(neededFields('text')).toEqual({
      text: true,
      title: false,
      description: false,
      body: false,
      coupon: false,
      image: false,
      link: false,
    })
    expect(neededFields('coupon')).toMatchObject({ description: true, coupon: true, image: true, body: false })
    expect(neededFields('points')).toMatchObject({ body: true, image: false, link: true })
  })

  it('sends a schedule as the instant of the shop’s local day and time, and none for send now', () => {
    const content = { template: 'text', text: 'x' } as const
    expect(saveBody('冬', {}, content, { day: '2026-12-24', time: '10:00' }, tokyo).scheduledAt).toBe(
      '2026-12-24T01:00:00.000Z',
    )
    expect(saveBody('冬', { ranks: ['gold'] }, content, { day: '', time: '10:00' }, tokyo)).toEqual({
      name: '冬',
      segment: { ranks: ['gold'] },
      content,
      scheduledAt: null,
    })
  })

  it('reads a scheduled campaign back into the schedule fields in the shop’s zone', () => {
    const scheduled = campaign({ status: 'scheduled', scheduledAt: '2026-12-24T01:00:00.000Z' })
    expect(scheduleOf(scheduled, tokyo)).toEqual({ day: '2026-12-24', time: '10:00' })
    expect(scheduleOf({ ...scheduled, status: 'sent' }, tokyo)).toBeNull()
  })

  it('reports progress: the finished share, whether to keep polling, and a hold still ahead', () => {
    const p = progress({ byStatus: { sent: 6, pending: 3, sending: 1 }, nextAttemptAt: '2026-12-03T13:00:00Z' })
    expect(doneShare(p)).toBe(0.6)
    expect(doneShare(progress({ recipients: 0 }))).toBe(0)
    expect(doneShare(null)).toBe(0)
    expect(inProgress(campaign({ status: 'sent' }), p)).toBe(true)
    expect(inProgress(campaign({ status: 'sent' }), progress({ byStatus: { sent: 10 } }))).toBe(false)
    expect(inProgress(campaign({ status: 'sending' }), progress({ byStatus: { sent: 10 } }))).toBe(true)
    expect(heldUntil(p, new Date('2026-12-03T12:00:00Z'))).toBe('2026-12-03T13:00:00Z')
    expect(heldUntil(p, new Date('2026-12-03T14:00:00Z'))).toBeNull()
    expect(heldUntil({ ...p, byStatus: { sent: 10 } }, new Date('2026-12-03T12:00:00Z'))).toBeNull()
  })
})
