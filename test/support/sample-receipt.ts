// One earn receipt (Flex) for the tests that look at how Flex is drawn: the sandbox inbox and the admin preview.
import { receiptMessage } from '../../server/domain/receipt'

export const sampleReceipt = receiptMessage({
  kind: 'earn',
  points: 109,
  balance: 1809,
  purchaseAmount: 10_900,
  storeName: '渋谷店',
  shopName: 'デモショップ',
  at: new Date('2026-11-23T03:00:00Z'),
  timeZone: 'Asia/Tokyo',
  cardUrl: 'https://shop.test/',
})
