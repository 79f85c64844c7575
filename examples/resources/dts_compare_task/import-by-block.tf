import {
  to = dts_compare_task.orders
  id = "ap-guangzhou:dts-1a2b3c4d:dts-1a2b3c4d-cmp-1a2b3c4d"
}
