package subscription

// resourceDescription is the dts_subscription resource page.
const resourceDescription = "A DTS data subscription (Kafka edition): the changes of a database written to a Kafka topic DTS hosts, " +
	"which consumers read through `dts_consumer_group`s. Its whole lifecycle in one resource: one apply per intent.\n\n" +
	"**Create** buys the subscription (`CreateSubscribe`, one, in `region`, tagged with a hidden `terraform-dts-token`), writes its " +
	"ID to the state at once, waits until it is `notStarted`, configures it (`ConfigureSubscribeJob`), runs the check " +
	"(`CreateSubscribeCheckJob`, polled with `DescribeSubscribeCheckJob`) and, unless `state = \"checked\"`, starts it " +
	"(`StartSubscribe`) and waits until it is `running`. A failed check fails the apply with every failed or warning step, its " +
	"message and its help; DTS has no skip for a subscription's check, so the subscription is tainted and the next apply, once the " +
	"database or the configuration is fixed, replaces it. If the purchase reply is lost, the subscription is found again by its " +
	"token tag: a purchase is never repeated. Once the start is accepted, no failure taints it: a timeout, an interrupt or a failed " +
	"operation is a warning, the subscription is kept, and the next plan shows what is left to do.\n\n" +
	"**Update** changes in place what DTS can change:\n\n" +
	"| change | before the start | after the start |\n|---|---|---|\n" +
	"| `name` | `ModifySubscribeName` | the same |\n" +
	"| `auto_renew` (PrePay) | `ModifySubscribeAutoRenewFlag` | the same |\n" +
	"| `subscribe_mode`, `subscribe_objects`, `kafka_config.distribute_rules`, `kafka_config.default_rule_type`, `pipeline_info` | `ConfigureSubscribeJob` and a new check | `ModifySubscribeObjects`, the subscription keeps running: the mode and the objects are sent in that action's numbers (`SubscribeObjectType` `all` 0, `dml` 1, `ddl` 2, `dmlAndDdl` 3; mongodb `all` 0, `database` 4, `collection` 5; objects as `ObjectsType` 0 database / 1 table), the rules and the pipeline only when they change (DTS keeps what the request leaves out) |\n" +
	"| removing the rules or the pipeline, `kafka_config.number_of_partitions`, `endpoints`, `access_type`, `protocol`, `extra_attr`, `consumer_vpc_id`, `consumer_subnet_id`, a new password (`password_wo_version`) | `ConfigureSubscribeJob` and a new check | **reset**: `ResetSubscribe` → `ConfigureSubscribeJob` → check → `StartSubscribe`, on the same ID, with a plan-time warning |\n" +
	"| purchase parameters (`region`, `product`, `pay_mode`, `duration`, `instance_class`, `subscribe_version`) | replacement | replacement |\n" +
	"| `tags` | plan-time error (no subscription action changes tags) | the same |\n\n" +
	"DTS configures a subscription only before its check passed: a `checked` subscription whose configuration changes is reset " +
	"first (it has no topic yet, so nothing is lost). A plan that changes nothing DTS would move keeps `status`, `subs_status`, " +
	"`instance_status`, `topic`, `broker`, `kafka_version` and `errors` as the last refresh saw them.\n\n" +
	"### The reset path\n\n" +
	"A started subscription takes a new connection, partitioning or format only through `ResetSubscribe`: back to `notStarted`, " +
	"unconfigured, on the same ID. The plan warns before it happens (\"Subscription will be reset\", naming the changes). Apply " +
	"then configures, checks and starts it again; the topic keeps its name. Consumers see the subscription restart, and DTS drops " +
	"the topic's consumer groups with the reset: the `dts_consumer_group` resources of the configuration are gone at the next " +
	"refresh, and the next apply creates them again (with the passwords of the configuration). A failed check after a reset " +
	"leaves the subscription `checkNotPass`, untainted: fix the configuration and apply again.\n\n" +
	"**Delete** waits out a destruction under way, isolates the subscription (`IsolateSubscribe`, wait `isolated`), destroys it " +
	"(`DestroyIsolatedSubscribe`) and waits until it is gone. Isolating a prepaid subscription refunds it, so DTS takes it back only " +
	"while it is returnable: the provider asks `DescribeSubscribeReturnable` first and, when DTS refuses, fails with DTS's reason " +
	"and changes nothing (the subscription runs until it expires; `deletion_policy = \"abandon\"` removes it from Terraform only). " +
	"A subscription that is already gone at any step counts as deleted. With `deletion_policy = \"abandon\"` a started subscription, " +
	"or a prepaid one, is left in DTS instead (a postpaid one that never started is deleted).\n\n" +
	"## `state` and the subscription's status\n\n" +
	"DTS reports two statuses: `subs_status` (the subscription: `notStarted`, `checking`, `checkNotPass`, `checkPass`, `starting`, " +
	"`running`, `error`) and `status` (lifecycle and billing: `normal`, `isolating`, `isolated`, `offlining`, `post2PrePayIng`).\n\n" +
	"| `state` | satisfied by `subs_status` |\n|---|---|\n" +
	"| `checked` | `checkPass` |\n" +
	"| `running` (default) | `running` |\n\n" +
	"While the subscription is `checking` or `starting` a refresh keeps the desired value. Otherwise it writes the observed stage — " +
	"`checked`, `running`, or the raw status (`notStarted`, `checkNotPass`, `error`, and `isolated` when the subscription was " +
	"isolated) — so the plan shows the way back, and apply takes it (the drift rules):\n\n" +
	"| from | to | apply calls |\n|---|---|---|\n" +
	"| `checked` | `running` | `StartSubscribe` |\n" +
	"| `error` (DTS stopped it) | `running` | `ResumeSubscribe`; a second failure fails the apply with DTS's errors |\n" +
	"| `running` / `error` | `checked` | `ResetSubscribe`, configure and check (with the reset warning) |\n" +
	"| `notStarted` / `checkNotPass` (a reset or a failed check outside Terraform) | any | `ConfigureSubscribeJob` and a new check, then as above |\n" +
	"| `isolated` (expired, or isolated outside Terraform) | any | replacement: DTS has no action to recover a subscription |\n\n" +
	"A subscription being destroyed (`offlining`) is gone for Terraform: a refresh removes it from the state.\n\n" +
	"## What the configuration owns\n\n" +
	"`endpoints`, `kafka_config`, `subscribe_objects`, `pipeline_info` and `extra_attr` belong to the configuration: a refresh " +
	"updates only the values you set. DTS reads the Kafka configuration of `mariadb`, `percona`, `tdsqlpercona` and `tdpg` " +
	"subscriptions back empty, and never reports `duration`: the configured values stand (and after an import the first plan " +
	"only records them). The password is write-only (`password_wo`): it reaches DTS and never the state, the plan or the logs; " +
	"bump `password_wo_version` to send a new one (after the start that resets the subscription). Regular expressions of the " +
	"partitioning rules are checked at plan time with Go's RE2 syntax.\n\n" +
	"Every API call for the subscription goes to `region`; an endpoint's `database_region` is that region unless its access is `ccn`."

// groupDescription is the dts_consumer_group resource page.
const groupDescription = "A consumer group of a DTS data subscription's Kafka topic, with its account: what a consumer " +
	"application authenticates as and commits its offsets under.\n\n" +
	"**Create** waits, within the create timeout, until the subscription is `running` (DTS creates groups only then; a " +
	"subscription created in the same apply gets there first), creates the group (`CreateConsumerGroup`) and writes its ID to " +
	"the state. The action has no idempotency token and the provider never repeats it blindly: when its reply is lost, the group is " +
	"looked up among the subscription's groups (`DescribeConsumerGroups`) by its name.\n\n" +
	"**Update**: `description` (`ModifyConsumerGroupDescription`; DTS cannot clear it, so removing it is a plan-time error) and " +
	"the password (`password_wo`, sent when `password_wo_version` changes, with `ModifyConsumerGroupPassword`; after an import the first apply only records the version, so the consumers' " +
	"password stays) change in place; " +
	"`subscribe_id`, `consumer_group_name` and `account_name` replace the group.\n\n" +
	"**Delete** is `DeleteConsumerGroup` (with `deletion_policy = \"abandon\"`, nothing: the group stays with its subscription). A group, or a subscription, that is already gone counts as deleted; so does a group " +
	"of a subscription DTS isolated or is destroying (DTS deletes the groups with it, and refuses the action meanwhile).\n\n" +
	"`consumer_group_state` is Kafka's: a new group is `Empty` until a consumer joins (`PreparingRebalance`, " +
	"`CompletingRebalance`, then `Stable`); `Dead` when its offsets expired. Offsets, lag and latency per partition are in the " +
	"`dts_consumer_groups` data source.\n\n" +
	"**Resetting a group's offsets is not offered.** `ResetConsumerGroupOffset` is an operation — \"consume again from " +
	"this time\" — not a state a resource can hold: the committed offsets move on as the consumers consume, so no refresh could " +
	"read the desired value back, and every plan would show a change. The API also ignores it silently unless the group is " +
	"`Dead` or `Empty` (its consumers stopped), reporting success either way, so an apply could not even tell whether it happened. " +
	"Stop the consumers, then reset the offsets with the DTS console or the API (`dts_subscription_offsets` reads the offset of a " +
	"time).\n\n" +
	"A reset of the subscription (see `dts_subscription`) drops its groups: the next refresh finds them gone, and the next apply " +
	"creates them again; a group whose own configuration changes in the apply that resets its subscription is created again by " +
	"that apply.\n\n" +
	"Import takes `<region>:<subscription ID>:<consumer_group_name>:<account_name>` (or the last three, in the provider's region), " +
	"with the short names of the configuration or the full ones `DescribeConsumerGroups` shows."
