// `npm run richmenu:setup`: creates the guest and member rich menus in the configured channel (the sandbox by default)
// and saves their ids in the database the deployment uses: D1 with `--d1=remote|local` (Cloudflare, through
// wrangler), else DATABASE_URL (Node).
import { openLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { loadConfig } from '../config'
import { startNodeServer } from '../node-server'
import { createLinePlatform } from '../line/platform'
import { richMenuConfig, richMenusInD1 } from '../setup/rich-menus'
import { SetupError } from '../setup/setup-error'
import { runWrangler } from '../setup/wrangler-cli'
import { setUpRichMenus } from './setup'

const d1 = process.argv.find((a) => a.startsWith('--d1='))?.slice(5)
if (d1 !== undefined && d1 !== 'remote' && d1 !== 'local') throw new Error('--d1 must be remote or local')

if (d1) {
  const ctx = { env: process.env, wranglerTomlPath: 'wrangler.toml', wrangler: runWrangler, clock: () => new Date() }
  try {
    const { changes } = await richMenusInD1(ctx, richMenuConfig(process.env), d1, setUpRichMenus)
    for (const change of changes) console.log(change)
  } catch (err) {
    if (!(err instanceof SetupError)) throw err
    console.error(err.message)
    process.exitCode = 1
  }
} else {
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
    console.log(
      `rich menus created in ${config.databaseUrl}: guest ${ids.guest}, member ${ids.member} (default: guest)`,
    )
    database.close()
  }
}
