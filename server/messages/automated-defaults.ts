// The texts the greeting and the birthday message start with, until an admin edits them (settings `greeting` and
// `birthday`). `{name}` is the member's name; the LIFF link is added after the text, not written in it.

export const defaultGreetingTexts = {
  ja: {
    newFriend:
      '友だち追加ありがとうございます！\n会員登録（または既存の会員証との連携）で、LINEが会員証になり、ポイントやクーポンを受け取れます。\n画面下のメニュー「会員証」、または下のリンクからどうぞ。',
    returning:
      'おかえりなさい！ブロック解除ありがとうございます。\n会員登録・会員証の連携がまだでしたら、画面下のメニュー「会員証」または下のリンクからどうぞ。',
    member: '{name}様、おかえりなさい！\n会員証は画面下のメニュー、または下のリンクからいつでも開けます。',
  },
  en: {
    newFriend:
      'Thank you for adding us as a friend!\nRegister (or link your existing membership) to use LINE as your member card and receive points and coupons.\nTap "Member card" in the menu below, or use this link.',
    returning:
      'Welcome back, and thank you for unblocking us!\nIf you have not registered or linked your membership yet, tap "Member card" in the menu below, or use this link.',
    member: 'Welcome back, {name}!\nOpen your member card any time from the menu below or with this link.',
  },
}

export const defaultBirthdayTexts = {
  ja: '{name}様、お誕生日おめでとうございます！\n素敵な一年になりますように。',
  en: 'Happy birthday, {name}!\nWe wish you a wonderful year.',
}

/** The text with `{name}` filled in. */
export const fillName = (text: string, name: string) => text.replaceAll('{name}', name)
