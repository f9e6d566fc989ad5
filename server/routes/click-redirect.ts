// GET /r/:code: a campaign link, counted, then on to the URL the campaign's stored messages hold for it (never one
// the code carries, so this is no open redirect). A code we did not sign, or whose delivery is gone, gets a 404 page.
import { Hono } from 'hono'
import { verifyClickCode } from '../domain/click-links'
import type { AppEnv } from '../env'
import { messagePage } from '../linking/page'

export const clickRedirect = new Hono<AppEnv>().get('/:code', async (c) => {
  const { clicks, config, clock } = c.var.shop
  const code = verifyClickCode(config.sessionSecret, c.req.param('code'))
  const url = code && (await clicks.record(code, clock()))
  c.header('Cache-Control', 'no-store')
  if (url) return c.redirect(url, 302)
  c.status(404)
  return c.html(
    messagePage(
      config.shopName,
      { ja: 'このリンクは無効です', en: 'This link is not valid' },
      { ja: 'メッセージのリンクをもう一度お確かめください。', en: 'Please check the link in the message.' },
    ),
  )
})
