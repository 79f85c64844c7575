variable "name" {
  description = "Name of the sync job; the compare task and the subscription are named after it."
  type        = string
}

variable "region" {
  description = "Region of both instances (and of the jobs)."
  type        = string
  default     = "ap-guangzhou"
}

variable "instance_class" {
  description = "Link size of the sync job: micro, small, medium, large or xlarge."
  type        = string
  default     = "small"
}

variable "source_instance_id" {
  description = "The cloud MySQL instance synced and subscribed to, e.g. cdb-my0001."
  type        = string
}

variable "replica_instance_id" {
  description = "The cloud MySQL instance that receives the sync, e.g. cdb-my0002."
  type        = string
}

variable "user" {
  description = "User DTS logs in with, on both instances."
  type        = string
  default     = "dts_sync"
}

variable "password" {
  description = "Password of the user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Bump to send new passwords."
  type        = number
  default     = 1
}

variable "databases" {
  description = "Databases to sync and subscribe to, whole."
  type        = list(string)
}

variable "consumer_group" {
  description = "Name of the consumer group, and of its account."
  type        = string
}

variable "consumer_password" {
  description = "Password of the consumer group's account (4 to 32 characters)."
  type        = string
  sensitive   = true
  ephemeral   = true
}
