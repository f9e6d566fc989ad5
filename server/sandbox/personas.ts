// The people the sandbox can log in as; the seed creates their records. Newcomers can be added while it runs.
import { randomBytes } from 'node:crypto'

export interface Persona {
  /** `customer`, `newcomer`, `staff`, `admin`, or `newcomer-N` for an added newcomer. */
  key: string
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

/** Names given to newcomers added in the sandbox, in turn (then numbered). */
const newcomerNames = [
  '高橋 美咲',
  '伊藤 翔太',
  '渡辺 さくら',
  '小林 大輔',
  '加藤 結衣',
  '吉田 蓮',
  '山本 陽菜',
  '中村 悠真',
]

/** The personas of one sandbox: the seeded ones, plus newcomers added while it runs (forgotten on reset). */
export interface PersonaRegistry {
  all(): Persona[]
  byKey(key: string): Persona | undefined
  byUserId(lineUserId: string): Persona | undefined
  /** A new newcomer with a fresh LINE user id; the caller plays their follow. */
  addNewcomer(): Persona
  /** Forgets the added newcomers. */
  reset(): void
}

export function createPersonaRegistry(): PersonaRegistry {
  const added: Persona[] = []
  let count = 0
  const all = () => [...personas, ...added]
  return {
    all,
    byKey: (key) => all().find((p) => p.key === key),
    byUserId: (lineUserId) => all().find((p) => p.lineUserId === lineUserId),
    addNewcomer() {
      const n = count++
      const name = newcomerNames[n % newcomerNames.length]!
      const round = Math.floor(n / newcomerNames.length)
      const persona: Persona = {
        key: `newcomer-${n + 2}`,
        lineUserId: `U${randomBytes(16).toString('hex')}`,
        displayName: round === 0 ? name : `${name} ${round + 1}`,
        description: personaByKey('newcomer')!.description,
      }
      added.push(persona)
      return persona
    },
    reset() {
      added.length = 0
      count = 0
    },
  }
}
