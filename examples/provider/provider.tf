terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

# Credentials come from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY,
# a tccli profile, or the attributes below.
provider "dts" {
  region = "ap-guangzhou"
}

# Against the local DTS emulator (`make emulator`):
provider "dts" {
  alias      = "emulator"
  region     = "ap-guangzhou"
  endpoint   = "http://127.0.0.1:8900"
  secret_id  = "AKIDEMULATOR0000000000000000000000000"
  secret_key = "EmulatorSecretKey0000000000000000"
}

# Through an assumed role:
provider "dts" {
  alias  = "operator"
  region = "ap-shanghai"
  assume_role = {
    role_arn         = "qcs::cam::uin/100000000001:roleName/dts-operator"
    session_name     = "terraform"
    session_duration = 3600
  }
}
