// Stores as the admin console lists and edits them; each write with its audit entry in one batch.
import { asc, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { staff, stores, type Store } from '../../db/schema'
import { refuse, type Refusal } from '../domain/refusal'
import { audit, auditWhen } from './audit'

export type StoreInput = Pick<Store, 'code' | 'name'> & Partial<Omit<Store, 'id' | 'createdAt' | 'code' | 'name'>>
export type StoreView = Omit<Store, 'createdAt'> & { staffCount: number }

const isUnique = (err: unknown) =>
  /UNIQUE constraint failed/i.test(`${(err as Error)?.message} ${String((err as { cause?: unknown })?.cause ?? '')}`)
const codeTaken = () => refuse('store_code_taken', 'Another store already uses this code')
const view = ({ createdAt: _, ...store }: Store, staffCount: number): StoreView => ({ ...store, staffCount })

/** Every store with its number of active staff. */
export async function listStoresWithStaff(db: Database): Promise<StoreView[]> {
  const [rows, people] = await Promise.all([
    db.select().from(stores).orderBy(asc(stores.id)),
    db.select({ storeId: staff.storeId, active: staff.active }).from(staff),
  ])
  const counts = new Map<number, number>()
  for (const p of people) if (p.active && p.storeId !== null) counts.set(p.storeId, (counts.get(p.storeId) ?? 0) + 1)
  return rows.map((s) => view(s, counts.get(s.id) ?? 0))
}

export async function createStore(
  db: Database,
  input: StoreInput,
  actor: string,
  now: Date,
): Promise<StoreView | Refusal> {
  try {
    const [[row]] = await db.batch([
      db
        .insert(stores)
        .values({ ...input, createdAt: now })
        .returning(),
      audit(db, { actor, action: 'store.created', target: `store-code:${input.code}`, detail: input }, now.getTime()),
    ])
    return view(row!, 0)
  } catch (err) {
    if (isUnique(err)) return codeTaken()
    throw err
  }
}

export async function updateStore(
  db: Database,
  id: number,
  input: Partial<StoreInput>,
  actor: string,
  now: Date,
): Promise<StoreView | Refusal> {
  try {
    const [rows] = await db.batch([
      db.update(stores).set(input).where(eq(stores.id, id)).returning(),
      auditWhen(
        db,
        { actor, action: 'store.updated', target: `store:${id}`, detail: input },
        now.getTime(),
        sql`EXISTS (SELECT 1 FROM stores WHERE id = ${id})`,
      ),
    ])
    if (rows.length === 0) return refuse('store_not_found', 'No store with this id')
    return view(rows[0]!, await db.$count(staff, eq(staff.storeId, id)))
  } catch (err) {
    if (isUnique(err)) return codeTaken()
    throw err
  }
}
