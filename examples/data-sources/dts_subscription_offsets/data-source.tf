# The offset of each partition of the subscription's topic at a time: where
# a consumer group must start to consume again from that time (reset the
# group's offsets with the DTS console or the API, consumers stopped).
data "dts_subscription_offsets" "orders" {
  subscribe_id = "subs-1a2b3c4d5e"
  time         = "2026-01-01T08:00:00+08:00"
}

output "orders_offsets" {
  value = { for o in data.dts_subscription_offsets.orders.offsets : o.partition_no => o.offset }
}
