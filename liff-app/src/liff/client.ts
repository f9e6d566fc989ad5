// The one LIFF SDK instance: pluggable core plus only the modules the app calls, to keep the card bundle small.

import liff from '@line/liff/core'
import GetIDToken from '@line/liff/get-id-token'
import IsInClient from '@line/liff/is-in-client'
import IsLoggedIn from '@line/liff/is-logged-in'
import Login from '@line/liff/login'
import Logout from '@line/liff/logout'

// IsInClient first: the sandbox's liff-mock plugin calls liff.isInClient() when it is installed.
liff.use(new IsInClient())
liff.use(new IsLoggedIn())
liff.use(new Login())
liff.use(new Logout())
liff.use(new GetIDToken())

export { liff }
