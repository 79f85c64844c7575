# A reusable read replica of cloud MySQL databases, with its change feed:
# a continuous sync job from one instance to another, a consistency check of
# the synced databases that fails the apply when they differ, and a
# change-data subscription of the same databases published to Kafka with a
# consumer group for the downstream service.
#
# Its tests (tests/*.tftest.hcl) run offline against the emulator inside the
# provider: see the guide "Test your DTS modules offline".

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

resource "dts_sync_job" "this" {
  name           = var.name
  instance_class = var.instance_class

  src_info = {
    region        = var.region
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = var.source_instance_id
      user                = var.user
      password_wo         = var.password
      password_wo_version = var.password_version
    }]
  }

  dst_info = {
    region        = var.region
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = var.replica_instance_id
      user                = var.user
      password_wo         = var.password
      password_wo_version = var.password_version
    }]
  }

  objects = {
    mode      = "Partial"
    databases = [for db in var.databases : { db_name = db, db_mode = "All" }]
  }
}

# Source and replica must agree once the sync runs: a table that differs
# fails the apply.
resource "dts_compare_task" "check" {
  job_id             = dts_sync_job.this.id
  name               = "${var.name}-check"
  fail_on_difference = true
}

resource "dts_subscription" "changes" {
  name           = "${var.name}-changes"
  product        = "mysql"
  subscribe_mode = "dml"
  access_type    = "cdb"

  endpoints = [{
    database_region     = var.region
    instance_id         = var.source_instance_id
    user                = var.user
    password_wo         = var.password
    password_wo_version = var.password_version
  }]

  kafka_config = {
    number_of_partitions = 4
    default_rule_type    = "table"
  }

  subscribe_objects = [for db in var.databases : { object_type = "database", database = db }]
}

resource "dts_consumer_group" "consumer" {
  subscribe_id        = dts_subscription.changes.id
  consumer_group_name = var.consumer_group
  account_name        = var.consumer_group
  password_wo         = var.consumer_password
  password_wo_version = var.password_version
}
