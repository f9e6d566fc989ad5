// The birthday field as the customer's forms check it: from 1900-01-01 to today in the shop's time zone.
import { computed } from 'vue'
import { useConfigStore } from '../stores/config'
import { checkBirthday, latestBirthday } from './profile-rules'

export function useBirthdayField() {
  const config = useConfigStore()
  return {
    /** The date input's `max`: today in the shop's time zone. */
    latest: computed(() => latestBirthday(new Date(), config.timeZone)),
    /** The birthday's problem now, or null. */
    check: (value: string) => checkBirthday(value, new Date(), config.timeZone),
  }
}
