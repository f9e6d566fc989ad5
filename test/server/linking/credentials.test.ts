import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { demo } from '../../../db/seed'
import { members } from '../../../db/schema'
import { hashPin, verifyPin } from '../../../server/domain/pin'
import { checkMemberCredentials } from '../../../server/linking/credentials'
import { testAppPerSuite } from '../../support/test-app'

describe('checkMemberCredentials', () => {
  const t = testAppPerSuite()
  beforeAll(async () => {
    await t.db
      .update(members)
      .set({ pinHash: await hashPin('4321') })
      .where(eq(members.id, demo.unlinkedMemberId))
  })

  it('accepts the PIN as the second factor for members who have one', async () => {
    const member = await checkMemberCredentials(
      t.db,
      'U6000000000000000000000000000p001',
      { memberNumber: demo.unlinkedMemberNumber, pin: '4321' },
      t.clock.now,
    )
    expect(member).toMatchObject({ id: demo.unlinkedMemberId })
    await expect(
      checkMemberCredentials(
        t.db,
        'U6000000000000000000000000000p001',
        { memberNumber: demo.unlinkedMemberNumber, pin: '1234' },
        t.clock.now,
      ),
    ).resolves.toMatchObject({ refusal: 'link_credentials_invalid' })
    // A member without a PIN cannot be linked by guessing one.
    await expect(
      checkMemberCredentials(
        t.db,
        'U6000000000000000000000000000p001',
        {
          memberNumber: demo.unlinkedMemberNumber.replace(
            /.*/,
            (await t.db.query.members.findFirst({ where: eq(members.id, 1) }))!.memberNumber,
          ),
          pin: '0000',
        },
        t.clock.now,
      ),
    ).resolves.toMatchObject({ refusal: 'link_credentials_invalid' })
  })

  it('hashes PINs with a random salt', async () => {
    const [a, b] = [await hashPin('1111'), await hashPin('1111')]
    expect(a).not.toBe(b)
    expect(await verifyPin('1111', a)).toBe(true)
    expect(await verifyPin('1112', a)).toBe(false)
    expect(await verifyPin('1111', 'garbage')).toBe(false)
  })
})
