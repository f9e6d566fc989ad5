// Where the rich menu ids created by `npm run richmenu:setup` are kept: one row of the settings table.
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client'
import { settings } from '../../db/schema'

export const richMenuSettingKey = 'richMenuIds'

const RichMenuIds = z.object({ guest: z.string().min(1), member: z.string().min(1) })
export type RichMenuIds = z.infer<typeof RichMenuIds>

export async function loadRichMenuIds(db: Database): Promise<RichMenuIds | null> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, richMenuSettingKey) })
  const parsed = RichMenuIds.safeParse(row?.value)
  return parsed.success ? parsed.data : null
}

export function saveRichMenuIds(db: Database, ids: RichMenuIds, actor: string, now: Date) {
  return db
    .insert(settings)
    .values({ key: richMenuSettingKey, value: ids, updatedBy: actor, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: ids, updatedBy: actor, updatedAt: now } })
}
