data "dts_subscription" "orders" {
  subscribe_id = "subs-1a2b3c4d5e"
}

output "orders_subscription" {
  value = {
    subs_status   = data.dts_subscription.orders.subs_status
    topic         = data.dts_subscription.orders.topic
    broker        = data.dts_subscription.orders.broker
    kafka_version = data.dts_subscription.orders.kafka_version
    partitions    = data.dts_subscription.orders.kafka_config.number_of_partitions
    errors        = [for e in data.dts_subscription.orders.errors : "${e.reason}: ${e.solution}"]
  }
}
