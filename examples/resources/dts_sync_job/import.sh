# A sync job in a given region (the region of its target database):
terraform import dts_sync_job.orders ap-guangzhou:sync-1a2b3c4d

# A job in the provider's region:
terraform import dts_sync_job.orders sync-1a2b3c4d
