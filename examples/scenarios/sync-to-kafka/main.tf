# Change data of a cloud MySQL streamed to a CKafka instance: one topic per
# table for the orders database, everything else in a catch-all topic.

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

resource "dts_sync_job" "cdc" {
  name           = "shop-cdc"
  instance_class = "small"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0001"
      user                = "dts_sync"
      password_wo         = var.db_password
      password_wo_version = 1
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "ckafka"
    database_type = "kafka"
    node_type     = "single"
    info          = [{ instance_id = "ckafka-kf0001" }]
  }

  objects = {
    mode      = "Partial"
    databases = [{ db_name = "shop", db_mode = "All" }]
  }

  options = {
    init_type = "None" # changes only, from now on
    kafka_option = {
      data_type      = "Avro"
      topic_type     = "Multi"
      ddl_topic_name = "shop-ddl"
      topic_rules = [
        { topic_name = "shop-orders", partition_type = "Random", db_match_mode = "Regular", db_name = "shop", table_match_mode = "Regular", table_name = "orders.*" },
        { topic_name = "shop-other", partition_type = "Random", db_match_mode = "Default", table_match_mode = "Default" },
      ]
    }
    filter_checkpoint = true
  }
}
