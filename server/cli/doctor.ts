// `npm run doctor`: lists every problem between this checkout and a live shop with its fix, and exits 1 if any.
import { readFileSync } from 'node:fs'
import { diagnose } from '../setup/doctor'
import { runWrangler as wrangler } from '../setup/wrangler-cli'

const japanese = (process.env.LANG ?? '').startsWith('ja')
const problems = await diagnose({
  env: process.env,
  wranglerToml: readFileSync('wrangler.toml', 'utf8'),
  nodeVersion: process.version,
  wrangler,
  lineApiBaseUrl: process.env.LINE_API_BASE_URL,
})
if (problems.length === 0) {
  console.log(japanese ? '問題はありません。' : 'No problems found.')
} else {
  console.log(japanese ? `${problems.length} 件の問題があります:` : `${problems.length} problem(s) to fix:`)
  for (const p of problems) console.log(`- ${japanese ? p.ja : p.en}\n    → ${p.fix}`)
  process.exitCode = 1
}
