# Quickstart: the four kinds of DTS job in one configuration.
# - migrate a self-hosted MySQL database into a Tencent Cloud MySQL instance and
#   cut over;
# - keep a second cloud MySQL instance in sync with the first, continuously;
# - check that the synced tables agree (a consistency check of the sync job);
# - stream the changes of the orders database to Kafka, with a consumer group.
# `make demo` applies this against the local DTS emulator, prints the outputs
# and destroys it again.

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

# Region, endpoint and credentials come from the environment
# (TENCENTCLOUD_REGION, TENCENTCLOUD_DTS_ENDPOINT, TENCENTCLOUD_SECRET_ID/KEY).
provider "dts" {}

variable "source_password" {
  description = "Password of the source database's migration user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "target_password" {
  description = "Password of the target instance's root user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# Cloud MySQL instances DTS can migrate into.
data "dts_migrate_db_instances" "targets" {
  database_type = "mysql"
  migrate_role  = "dst"
}

locals {
  target = [for i in data.dts_migrate_db_instances.targets.instances : i if i.usable][0]
}

variable "consumer_password" {
  description = "Password of the Kafka consumer group's account (4 to 32 characters)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "dts_migration_job" "orders" {
  name           = "orders-to-cloud"
  instance_class = "medium"
  tags = {
    team = "payments"
  }

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "orders-db.example.com"
      port                = 3306
      user                = "dts_migrator"
      password_wo         = var.source_password
      password_wo_version = 1
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      instance_id         = local.target.instance_id
      user                = "root"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  migrate_option = {
    migrate_type = "fullAndIncrement"
    database_table = {
      object_mode = "partial"
      databases = [{
        db_name    = "orders"
        db_mode    = "all"
        table_mode = "all"
      }]
    }
  }

  # Full data, then incremental catch-up, then the cutover: one apply.
  state = "completed"

  timeouts = {
    create = "30m"
  }
}

data "dts_migration_job" "orders" {
  job_id = dts_migration_job.orders.id
}

data "dts_migration_jobs" "payments" {
  tag_filters = [{ tag_key = "team", tag_value = ["payments"] }]
  depends_on  = [dts_migration_job.orders]
}

# Continuous sync between two cloud MySQL instances of the catalogue.
resource "dts_sync_job" "replica" {
  name           = "orders-replica"
  instance_class = "small"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = local.target.instance_id
      user                = "dts_sync"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0002"
      user                = "dts_sync"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  objects = {
    mode      = "Partial"
    databases = [{ db_name = "orders", db_mode = "All" }]
  }
}

# A consistency check of the running sync job.
resource "dts_compare_task" "replica" {
  job_id = dts_sync_job.replica.id
  name   = "orders-replica-check"
}

# Change data of the orders database, published to a DTS-managed Kafka topic.
resource "dts_subscription" "orders" {
  name           = "orders-changes"
  product        = "mysql"
  subscribe_mode = "dml"
  access_type    = "cdb"

  endpoints = [{
    database_region     = "ap-guangzhou"
    instance_id         = local.target.instance_id
    user                = "dts_subscriber"
    password_wo         = var.target_password
    password_wo_version = 1
  }]

  kafka_config = {
    number_of_partitions = 4
    default_rule_type    = "table"
  }

  subscribe_objects = [{ object_type = "database", database = "orders" }]
}

# The consumer's group: its account name and password are what the Kafka
# client logs in with.
resource "dts_consumer_group" "billing" {
  subscribe_id        = dts_subscription.orders.id
  consumer_group_name = "billing"
  account_name        = "billing"
  password_wo         = var.consumer_password
  password_wo_version = 1
  description         = "the billing service's consumers"
}

output "job_id" {
  value = dts_migration_job.orders.id
}

output "status" {
  value = dts_migration_job.orders.status
}

output "target_instance" {
  value = local.target.instance_id
}

output "steps" {
  value = [for s in data.dts_migration_job.orders.steps : "${s.step_name}: ${s.status}"]
}

output "payments_jobs" {
  value = data.dts_migration_jobs.payments.ids
}

output "sync_status" {
  value = dts_sync_job.replica.status
}

output "replica_check" {
  value = {
    status     = dts_compare_task.replica.status
    conclusion = dts_compare_task.replica.conclusion
  }
}

output "kafka" {
  value = {
    topic  = dts_subscription.orders.topic
    broker = dts_subscription.orders.broker
    group  = dts_consumer_group.billing.consumer_group_name
  }
}
