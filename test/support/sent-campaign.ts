// A campaign already sent, whose one text message carries `url`: for the click redirect's tests and benchmark.
import type { Database } from '../../db/client'
import { campaigns } from '../../db/schema'

export async function insertSentCampaign(db: Database, url: string, sentAt = new Date()): Promise<number> {
  const text = `セール開催中 ${url}`
  const [campaign] = await db
    .insert(campaigns)
    .values({
      name: '冬のセール',
      segment: {},
      messages: [{ type: 'text', text }],
      content: { template: 'text', text },
      status: 'sent',
      createdBy: 'staff:1',
      sentAt,
    })
    .returning({ id: campaigns.id })
  return campaign!.id
}
