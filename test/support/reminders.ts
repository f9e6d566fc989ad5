// A reservation reminder already waiting in the outbox, for tests of what moving, cancelling or answering a reservation
// does to the reminders planned for it.
import { enqueueMessage } from '../../server/data/outbox'
import { personaByKey } from '../../server/sandbox/personas'
import type { TestApp } from './test-app'

/** Queues a pending reminder under `dedupeKey` (e.g. `reservation:1:120m:1`) for the demo customer. */
export const queueReservationReminder = (t: TestApp, dedupeKey: string) =>
  t.db.batch([
    enqueueMessage(
      t.db,
      { dedupeKey, kind: 'reservation', lineUserId: personaByKey('customer')!.lineUserId, messages: [] },
      t.clock.now,
    ),
  ])
