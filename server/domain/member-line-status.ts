// Where a member stands with the shop's LINE account (the database's enum and the segment filter's are this list).
export const memberLineStatuses = ['none', 'unknown', 'friend', 'blocked'] as const
