// `npm run seed`: applies migrations and creates the demo shop in DATABASE_URL (default ./data/tsunagu.db).
import { mkdirSync } from 'node:fs'
import { openLibsql } from './client'
import { migrateLibsql } from './migrate'
import { seedDemoShop } from './seed'

const url = process.env.DATABASE_URL ?? 'file:./data/tsunagu.db'
if (url.startsWith('file:./data/')) mkdirSync('data', { recursive: true })
const { db, close } = openLibsql(url, process.env.DATABASE_AUTH_TOKEN)
await migrateLibsql(db)
console.log((await seedDemoShop(db)) ? `Seeded the demo shop into ${url}` : `${url} already has data; left as it is`)
close()
