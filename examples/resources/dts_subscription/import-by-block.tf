import {
  to = dts_subscription.orders
  id = "ap-guangzhou:subs-1a2b3c4d5e"
}
