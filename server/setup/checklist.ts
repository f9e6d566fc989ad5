// What only a person can do in LINE's consoles once the setup has run, each with where to do it, in both languages.
export type Lang = 'ja' | 'en'

interface Item {
  ja: string
  en: string
  link: string
}

const developers = (channelId?: string) =>
  channelId ? `https://developers.line.biz/console/channel/${channelId}` : 'https://developers.line.biz/console/'
const manager = 'https://manager.line.biz/'

export function consoleChecklist(env: Record<string, string | undefined>, lang: Lang): string[] {
  const login = developers(env.LINE_LOGIN_CHANNEL_ID)
  const items: Item[] = [
    {
      ja: 'LINE ログインチャネルを「公開済み」にする（開発中のままだと開発者しかログインできません）',
      en: 'Publish the LINE Login channel (while "Developing" only its developers can log in)',
      link: login,
    },
    {
      ja: 'LINE ログインチャネルの「リンクされた LINE 公式アカウント」に公式アカウントを設定する（友だち追加の案内）',
      en: 'Link the official account to the LINE Login channel ("Linked LINE Official Account", for the add-friend prompt)',
      link: login,
    },
    {
      ja: 'LINE Official Account Manager の応答設定で「応答メッセージ」と「あいさつメッセージ」をオフにする',
      en: 'Turn off auto-reply and greeting messages (LINE Official Account Manager → Response settings)',
      link: manager,
    },
    {
      ja: 'Messaging API 設定で「Webhook の利用」をオンにする',
      en: 'Turn on "Use webhook" (the Messaging API channel → Messaging API tab)',
      link: developers(),
    },
  ]
  if (env.LINE_MINI_APP === 'on') {
    // A LINE MINI App channel takes the LINE Login channel's place (its id and secret are LINE_LOGIN_CHANNEL_*); the
    // LIFF server API does not work on it, so these settings are made by hand.
    const miniApp = login
    items.splice(
      0,
      1,
      {
        ja: 'LINE ミニアプリチャネルの「ウェブアプリ設定」で開発用・審査用・本番用のエンドポイント URL を PUBLIC_URL にし、スコープ openid と profile を選ぶ',
        en: 'In the LINE MINI App channel’s Web app settings, set the Developing, Review and Published endpoint URLs to PUBLIC_URL and the scopes openid and profile',
        link: miniApp,
      },
      {
        ja: 'ミニアプリを審査に提出し、承認後に公開する',
        en: 'Submit the LINE MINI App for review and publish it once approved',
        link: miniApp,
      },
    )
  }
  return items.map((item) => `[ ] ${item[lang]}\n    ${item.link}`)
}
