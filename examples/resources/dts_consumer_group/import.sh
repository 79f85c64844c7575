# <region>:<subscription ID>:<consumer group name>:<account name>, with the
# short names of the configuration (without the consumer-grp-<subscription>-
# and account-<subscription>- prefixes DTS adds):
terraform import dts_consumer_group.orders ap-guangzhou:subs-1a2b3c4d5e:orders-app:orders-reader

# A group of a subscription in the provider's region:
terraform import dts_consumer_group.orders subs-1a2b3c4d5e:orders-app:orders-reader
