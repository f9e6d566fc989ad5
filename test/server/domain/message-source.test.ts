import { describe, expect, it } from 'vitest'
import { sourceOfEarlierDelivery } from '../../../server/domain/message-source'

describe('the source of a delivery written before deliveries had one', () => {
  it('tells a campaign by its campaign, a scenario step by its dedupe key and a cart reminder by its kind', () => {
    expect(sourceOfEarlierDelivery({ kind: 'campaign', campaignId: 7, dedupeKey: 'campaign:7:12' })).toBe('campaign:7')
    expect(sourceOfEarlierDelivery({ kind: 'scenario', campaignId: null, dedupeKey: 'scenario:3:5:901' })).toBe(
      'step:3:5',
    )
    expect(sourceOfEarlierDelivery({ kind: 'cart_reminder', campaignId: null, dedupeKey: 'cart-reminder:c-1:2' })).toBe(
      'trigger:cart_reminder',
    )
  })

  it('names nothing it cannot tell or that reports do not count', () => {
    for (const row of [
      { kind: 'campaign_test', campaignId: null, dedupeKey: 'campaign:7:test:0f1e' },
      { kind: 'campaign', campaignId: null, dedupeKey: 'campaign:7:12' },
      { kind: 'scenario', campaignId: null, dedupeKey: 'scenario:3:x:901' },
      { kind: 'receipt', campaignId: null, dedupeKey: 'receipt:55' },
      { kind: 'reservation', campaignId: null, dedupeKey: 'reservation:42:24h' },
    ])
      expect(sourceOfEarlierDelivery(row), row.dedupeKey).toBeNull()
  })
})
