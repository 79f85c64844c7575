terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

variable "group_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# The group and account a consumer application of the orders subscription
# logs in with. DTS names them consumer-grp-<subscription>-orders-app and
# account-<subscription>-orders-reader (the `id` and `account` attributes).
resource "dts_consumer_group" "orders" {
  subscribe_id        = "subs-1a2b3c4d5e" # e.g. dts_subscription.orders.id
  consumer_group_name = "orders-app"
  account_name        = "orders-reader"
  password_wo         = var.group_password
  password_wo_version = 1 # bump to change the password in place
  description         = "order service"
}

output "orders_consumer" {
  value = {
    group   = dts_consumer_group.orders.id
    account = dts_consumer_group.orders.account
    state   = dts_consumer_group.orders.consumer_group_state
  }
}
