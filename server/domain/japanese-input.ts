// Japanese form input as people type it: full-width digits and hyphens, katakana or hiragana readings.

const fullWidthDigit = /[０-９]/g
/** Hyphen-like characters people type in phone numbers and dates (ASCII, full-width, dashes, the long vowel mark). */
const hyphens = /[-‐‑–—―−－ー]/g

/** Full-width digits to ASCII. */
export function toAsciiDigits(input: string): string {
  return input.replace(fullWidthDigit, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
}

/** A Japanese phone number as digits only (10 or 11, starting with 0), or null. Accepts hyphens, spaces, +81. */
export function normalizePhone(input: string): string | null {
  let digits = toAsciiDigits(input)
    .replace(hyphens, '')
    .replace(/[\s()（）]/g, '')
  if (digits.startsWith('+81')) digits = `0${digits.slice(3)}`
  return /^0\d{9,10}$/.test(digits) ? digits : null
}

/** A reading in full-width katakana (hiragana converted, spaces collapsed), or null when other characters remain. */
export function normalizeKana(input: string): string | null {
  const katakana = input
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
  return /^[\u30a1-\u30fa\u30fc\u30fb ]+$/.test(katakana) ? katakana : null
}

/** A calendar date YYYY-MM-DD from `1990-07-15`, `1990/7/15`, `１９９０年７月１５日`, or null when no such day. */
export function normalizeDate(input: string): string | null {
  const match = /^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?$/.exec(
    toAsciiDigits(input)
      .replace(/[−－ー‐]/g, '-')
      .trim(),
  )
  if (!match) return null
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** The 47 prefectures, in the usual north-to-south order. */
export const prefectures = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const
