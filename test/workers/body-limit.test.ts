// limitBody inside workerd: the route gets the body through Hono's body cache from workerd's own Request.
import { describe } from 'vitest'
import { bodyAfterLimitCases } from '../support/body-after-limit'

describe('the body a route reads after limitBody, in workerd', bodyAfterLimitCases)
