# The row changes of a MySQL database, in a Kafka topic DTS hosts, and a
# consumer group for each application that reads them. One apply: the groups
# wait until the subscription runs (DTS creates groups only then).

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

provider "dts" {}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "consumer_password" {
  description = "Password of the consumer accounts, 4 to 32 characters."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "dts_subscription" "shop" {
  name    = "shop-changes"
  product = "mysql"

  subscribe_mode = "dmlAndDdl" # row changes and schema changes
  access_type    = "cdb"
  endpoints = [{
    database_region     = "ap-guangzhou"
    instance_id         = "cdb-my0001"
    user                = "dts_subscriber"
    password_wo         = var.db_password
    password_wo_version = 1
  }]

  subscribe_objects = [
    { object_type = "database", database = "shop" },
    { object_type = "table", database = "crm", tables = ["customers"] },
  ]

  # Eight partitions: an order's changes stay in order (one primary key, one
  # partition); the other tables are spread by table.
  kafka_config = {
    number_of_partitions = 8
    default_rule_type    = "table"
    distribute_rules = [
      { rule_type = "pk", db_pattern = "^shop$", table_pattern = "^orders$" },
    ]
  }
  protocol = "json"

  timeouts = {
    create = "45m" # purchase, configuration, check and start
  }
}

# One group per consuming application: each reads every change, at its own
# pace, and commits its own offsets.
locals {
  consumers = {
    search   = "search indexer"
    billing  = "billing events"
    auditlog = "audit log archive"
  }
}

resource "dts_consumer_group" "app" {
  for_each = local.consumers

  subscribe_id        = dts_subscription.shop.id
  consumer_group_name = each.key
  account_name        = "${each.key}-reader"
  password_wo         = var.consumer_password
  password_wo_version = 1
  description         = each.value

  timeouts = {
    create = "45m" # includes the wait for the subscription to run
  }
}

output "kafka" {
  value = {
    broker = dts_subscription.shop.broker
    topic  = dts_subscription.shop.topic
    groups = { for k, g in dts_consumer_group.app : k => { group = g.id, account = g.account } }
  }
}
