terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# The row changes of a cloud MySQL instance's orders database, written to a
# Kafka topic DTS hosts, in four partitions: the orders tables by primary key,
# everything else by table. Consumers read it through dts_consumer_group.
resource "dts_subscription" "orders" {
  name     = "orders-changes"
  product  = "mysql"
  pay_mode = "PostPay"
  tags = {
    team = "payments"
  }

  subscribe_mode = "dml" # row changes; "dmlAndDdl" adds the schema changes
  access_type    = "cdb"
  endpoints = [{
    database_region     = "ap-guangzhou"
    instance_id         = "cdb-my0001"
    user                = "dts_subscriber"
    password_wo         = var.db_password
    password_wo_version = 1 # bump to send a new password (after the start this resets the subscription)
  }]

  # A change of the objects or of the rules is made in place on a running
  # subscription (ModifySubscribeObjects); a change of the partitions, the
  # endpoints or the protocol resets it (the plan warns).
  subscribe_objects = [
    { object_type = "database", database = "orders" },
  ]
  kafka_config = {
    number_of_partitions = 4
    default_rule_type    = "table"
    distribute_rules = [
      { rule_type = "pk", db_pattern = "^orders$", table_pattern = "^order_items?$" },
    ]
  }
  protocol = "avro"

  state = "running" # or "checked": configured and checked, not started

  timeouts = {
    create = "45m"
  }
}

output "orders_topic" {
  value = {
    id     = dts_subscription.orders.id
    topic  = dts_subscription.orders.topic
    broker = dts_subscription.orders.broker
  }
}
