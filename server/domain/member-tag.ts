// What a member tag is: a short ASCII name (`vip`, `favorite_category`) with an optional value, as the API and the
// segment filters accept it.
import { z } from 'zod'
import { singleLine } from './free-text'

export const TagName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.:-]{0,39}$/, 'lower-case letters, digits and _ . : - (at most 40)')

export const TagValue = singleLine(z.string().max(100))
