// Personal-data access entries in the audit log (APPI): who viewed a member's record and who exported members.
// Each is one INSERT, awaited before the data is answered, so no personal data leaves without its entry.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

/** `member.view` for an admin's look at one member; written only when that member exists (a 404 reads nothing). */
export function logMemberView(db: Database, actor: string, memberId: number, at: number) {
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
    SELECT ${actor}, 'member.view', ${`member:${memberId}`}, NULL, ${at}
    WHERE EXISTS (SELECT 1 FROM members WHERE id = ${memberId})`)
}

/** The filter the admin CSV export applies (`exportMembersCsv`); its row count is taken in the entry's statement. */
const memberExportFilter = { status: 'active' } as const

/** `member.export` for the admin CSV export of every active member, with the filter and the number of rows. */
export function logMembersExport(db: Database, actor: string, at: number) {
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
    SELECT ${actor}, 'member.export', 'members',
      json_object('format', 'csv', 'filter', json(${JSON.stringify(memberExportFilter)}), 'rows', count(*)), ${at}
    FROM members WHERE status = ${memberExportFilter.status}`)
}

/** `member.export` for a customer's download of their own data (one member, JSON). */
export function logOwnDataExport(db: Database, lineUserId: string, memberId: number, at: number) {
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
    VALUES (${`line:${lineUserId}`}, 'member.export', ${`member:${memberId}`},
      ${JSON.stringify({ format: 'json', filter: { memberId }, rows: 1 })}, ${at})`)
}
