// GET /legal/terms and /legal/privacy: the versioned policies customers consent to when registering.
import { html } from 'hono/html'
import { Hono } from 'hono'
import { currentPolicies } from '../domain/consent'
import type { AppEnv } from '../env'
import { page } from '../linking/page'

export const legal = new Hono<AppEnv>()
  .get('/terms', (c) =>
    c.html(
      page(
        '会員規約 / Terms of membership',
        html`<h1>会員規約<span class="sub">Terms of membership · 版 ${currentPolicies.terms.version}</span></h1>
          <p>
            ${c.var.deps.config
              .shopName}のポイント会員サービスの規約です。ポイントは購入金額に応じて付与され、有効期限を過ぎると失効します。退会するとポイントは失効します。
          </p>
          <p class="sub">
            These are the terms of the ${c.var.deps.config.shopName} points membership. Points are earned on purchases
            and expire after their validity period; they are forfeited when you leave.
          </p>`,
      ),
    ),
  )
  .get('/privacy', (c) =>
    c.html(
      page(
        'プライバシーポリシー / Privacy policy',
        html`<h1>
            プライバシーポリシー<span class="sub">Privacy policy · 版 ${currentPolicies.privacy.version}</span>
          </h1>
          <p>
            お名前・生年月日・電話番号・都道府県とLINEのユーザーIDを、会員サービスの提供とお知らせのために利用します。設定画面からいつでもデータのダウンロードと退会ができます。
          </p>
          <p class="sub">
            We use your name, birthday, phone number, prefecture and LINE user id to run the membership and send you
            notices. You can download your data or leave at any time from the settings page.
          </p>`,
      ),
    ),
  )
