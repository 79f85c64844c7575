import {
  to = dts_consumer_group.orders
  id = "ap-guangzhou:subs-1a2b3c4d5e:orders-app:orders-reader"
}
