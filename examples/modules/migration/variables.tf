variable "name" {
  description = "Name of the migration job; the compare task is named after it."
  type        = string
}

variable "region" {
  description = "Region of the target instance (and of the job)."
  type        = string
  default     = "ap-guangzhou"
}

variable "instance_class" {
  description = "Link size of the job: micro, small, medium, large or xlarge."
  type        = string
  default     = "small"
}

variable "source_db" {
  description = "The self-hosted source MySQL, reached over the internet."
  type = object({
    host = string
    port = optional(number, 3306)
    user = string
  })
}

variable "source_password" {
  description = "Password of the source user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "target_instance_id" {
  description = "The target cloud MySQL instance, e.g. cdb-my0001."
  type        = string
}

variable "target_user" {
  description = "User on the target instance."
  type        = string
  default     = "root"
}

variable "target_password" {
  description = "Password of the target user."
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
  description = "Databases to migrate, whole."
  type        = list(string)
}

variable "cutover" {
  description = "Cut over: stop the incremental sync and complete the job. Set it once the gate passed."
  type        = bool
  default     = false
}

variable "gate_timeout" {
  description = "How long the gate may wait for the full load and the comparison."
  type        = string
  default     = "12h"
}
