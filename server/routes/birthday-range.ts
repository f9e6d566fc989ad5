// The birthday range check every route that takes a birthday applies (registration, profile edits, admin edits).
import { birthdayOutOfRange } from '../domain/profile-limits'
import { badRequest } from '../errors'

/** 400 `birthday_out_of_range`, with the range in `details`, for a birthday before 1900 or after today. */
export function assertBirthdayInRange(birthday: string, now: Date, timeZone: string): void {
  const range = birthdayOutOfRange(birthday, now, timeZone)
  if (range)
    throw badRequest('birthday_out_of_range', `birthday must be between ${range.min} and ${range.max}`, {
      path: 'birthday',
      ...range,
    })
}
