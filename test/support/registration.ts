// A registration form as the LIFF app sends it, consenting to the shop's current terms and privacy policy.
import type { Database } from '../../db/client'
import { loadCurrentPolicies } from '../../server/data/legal-documents'
import type { NewMemberInput } from '../../server/data/linking'
import { policyVersionLabel } from '../../server/domain/consent'

export async function registrationForm(
  db: Database,
  lineUserId: string,
  marketingOptIn = false,
): Promise<NewMemberInput> {
  const current = await loadCurrentPolicies(db)
  return {
    lineUserId,
    name: '登録 花子',
    nameKana: 'トウロク ハナコ',
    birthday: '1991-02-03',
    phone: '09011112222',
    prefecture: '東京都',
    marketingOptIn,
    termsVersion: policyVersionLabel(current.terms?.version),
    privacyVersion: policyVersionLabel(current.privacy?.version),
  }
}
