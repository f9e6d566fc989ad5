// The fields of a profile form, as the customer's profile page and the console's correction form both hold them.

/** A stored profile as the forms read it. */
export interface ProfileValues {
  name: string
  nameKana: string | null
  phone: string | null
  birthday: string | null
  marketingOptIn: boolean
  pointNotices: boolean
}

/** The fields before the profile has loaded: all empty, point notices on. */
export const emptyProfileFields = () => ({
  name: '',
  nameKana: '',
  phone: '',
  birthday: '',
  marketingOptIn: false,
  pointNotices: true,
})

/** The fields for a stored profile: a missing reading, phone or birthday is an empty field. */
export const profileFields = (p: ProfileValues): ReturnType<typeof emptyProfileFields> => ({
  name: p.name,
  nameKana: p.nameKana ?? '',
  phone: p.phone ?? '',
  birthday: p.birthday ?? '',
  marketingOptIn: p.marketingOptIn,
  pointNotices: p.pointNotices,
})
