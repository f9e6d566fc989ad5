// GET /legal/terms and /legal/privacy: the versioned policies customers consent to when registering.
import { html } from 'hono/html'
import { Hono } from 'hono'
import { currentPolicies } from '../domain/consent'
import { loadSettings } from '../data/settings'
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
  .get('/privacy', async (c) => {
    const r = (await loadSettings(c.var.deps.db)).retention
    return c.html(
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
          </p>
          <p>
            保存期間：送信したメッセージは${r.deliveriesDays}日、LINEから受け取ったイベントは${r.webhookEventsDays}日、会員証の読み取り記録は${r.cardScansDays}日、会員連携の試行記録は${r.linkAttemptsDays}日、連携用の一時コードは${r.accountLinkNoncesDays}日、スタッフ招待は${r.staffInvitesDays}日、ポイント利用の承認コードは${r.redeemApprovalsDays}日（使用または期限切れから）を過ぎると削除します。退会すると、LINEの表示名・プロフィール画像と過去のメッセージの本文も削除します。
          </p>
          <p class="sub">
            Retention: messages sent to you are deleted after ${r.deliveriesDays} days, events received from LINE after
            ${r.webhookEventsDays} days, card scans after ${r.cardScansDays} days, link attempts after
            ${r.linkAttemptsDays} days, one-time link codes after ${r.accountLinkNoncesDays} days, staff invites after
            ${r.staffInvitesDays} days and redeem approvals after ${r.redeemApprovalsDays} days (from their use or
            expiry). When you leave, your LINE display name, profile picture and the text of past messages are deleted
            too.
          </p>`,
      ),
    )
  })
