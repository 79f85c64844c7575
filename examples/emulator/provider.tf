# The provider serving every request from the DTS emulator inside it: no
# account, no network, no process to start. The jobs live in the state file,
# so a plan, an apply and a destroy (each a new provider process) share them.
provider "dts" {
  region = "ap-guangzhou"

  emulator = {
    state_file = "dts-emulator.json" # next to it: .log and .lock
    time_scale = 0.001               # a 100-second check takes 0.1 s
    seed       = 1                   # reproducible job IDs and durations
  }
}
