// Client-side checks for the membership forms, using the server's own normalisers so both sides agree.

export {
  normalizeDate,
  normalizeKana,
  normalizePhone,
  prefectures,
  toAsciiDigits,
} from '../../../server/domain/japanese-input'
export { normalizeMemberNumber } from '../../../server/domain/member-number'
