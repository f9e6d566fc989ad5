import { sql } from 'drizzle-orm'
import { openLibsql, tuneEmbeddedLibsql } from './db/client'
import { migrateLibsql } from './db/migrate'
import { planRichMenuSwitch } from './server/data/rich-menu-switches'
const url = 'file:/tmp/perf-h/big.db'
const d = openLibsql(url)
await tuneEmbeddedLibsql(d.db, url)
let t = performance.now()
await migrateLibsql(d.db)
console.log('migrate', performance.now() - t)
t = performance.now()
const c = await d.db.all(sql`SELECT count(*) n FROM line_accounts WHERE rich_menu = 'member' AND friend_status <> 'blocked'`)
console.log('count', c, performance.now() - t)
t = performance.now()
await planRichMenuSwitch(d.db, sql`la.rich_menu = 'member' AND la.friend_status <> 'blocked'`, new Date())
console.log('plan all', performance.now() - t)
t = performance.now()
await planRichMenuSwitch(d.db, sql`la.rich_menu = 'member' AND la.friend_status <> 'blocked'`, new Date())
console.log('plan all again', performance.now() - t)
d.close()
