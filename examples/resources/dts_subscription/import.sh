# A subscription in a given region:
terraform import dts_subscription.orders ap-guangzhou:subs-1a2b3c4d5e

# A subscription in the provider's region:
terraform import dts_subscription.orders subs-1a2b3c4d5e
