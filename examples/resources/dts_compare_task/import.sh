# <region>:<job ID>:<compare task ID> — the job is a migration job (dts-…) or a sync job (sync-…):
terraform import dts_compare_task.orders ap-guangzhou:dts-1a2b3c4d:dts-1a2b3c4d-cmp-1a2b3c4d

# The compare task ID alone, in the provider's region (its prefix is the job's ID):
terraform import dts_compare_task.orders dts-1a2b3c4d-cmp-1a2b3c4d
