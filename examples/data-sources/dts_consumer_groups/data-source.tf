# The consumer groups of a subscription with their lag: how far each
# consumer application is behind the topic.
data "dts_consumer_groups" "orders" {
  subscribe_id = "subs-1a2b3c4d5e"
}

output "orders_consumers" {
  value = {
    for g in data.dts_consumer_groups.orders.consumer_groups : g.consumer_group_name => {
      state            = g.consumer_group_state
      latency_s        = g.latency
      lag_by_partition = { for p in g.state_of_partition : p.partition_no => p.consumer_group_lag }
    }
  }
}
