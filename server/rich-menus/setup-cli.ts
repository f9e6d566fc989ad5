// `npm run richmenu:setup`: creates the guest and member rich menus in the configured channel (the sandbox by default).
import { openLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { loadConfig } from '../config'
import { startNodeServer } from '../node-server'
import { createLinePlatform } from '../line/platform'
import { setUpRichMenus } from './setup'

const config = loadConfig(process.env)
if (config.sandbox) {
  // The sandbox lives inside the server, so start it (it sets the menus up itself on start) and report the ids.
  const server = await startNodeServer({ serveApp: false, env: { ...process.env, PORT: '0' } })
  const ids = await setUpRichMenus({ ...server.deps })
  console.log(`rich menus created in the LINE sandbox: guest ${ids.guest}, member ${ids.member} (default: guest)`)
  await server.close()
} else {
  const database = openLibsql(config.databaseUrl, config.databaseAuthToken)
  await migrateLibsql(database.db)
  const ids = await setUpRichMenus({
    config,
    db: database.db,
    line: createLinePlatform(config.line, () => new Date()),
    clock: () => new Date(),
  })
  console.log(`rich menus created: guest ${ids.guest}, member ${ids.member} (default: guest)`)
  database.close()
}
