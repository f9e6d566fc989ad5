// The people the sandbox can log in as; the seed creates their records.
export interface Persona {
  key: 'customer' | 'newcomer' | 'staff' | 'admin'
  lineUserId: string
  displayName: string
  description: string
}

export const personas: readonly Persona[] = [
  {
    key: 'customer',
    lineUserId: 'U1000000000000000000000000000c001',
    displayName: '山田 花子',
    description: '会員登録済み・LINE連携済みのお客さま / Linked member with points',
  },
  {
    key: 'newcomer',
    lineUserId: 'U1000000000000000000000000000c002',
    displayName: '佐藤 健',
    description: '友だち追加したばかりのお客さま / New friend, not yet a member',
  },
  {
    key: 'staff',
    lineUserId: 'U10000000000000000000000000005001',
    displayName: '鈴木 店員',
    description: '渋谷店のスタッフ / Staff at the Shibuya store',
  },
  {
    key: 'admin',
    lineUserId: 'U1000000000000000000000000000a001',
    displayName: '田中 管理者',
    description: 'ショップ管理者 / Shop admin',
  },
]

export function personaByKey(key: string): Persona | undefined {
  return personas.find((p) => p.key === key)
}
