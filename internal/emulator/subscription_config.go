package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// ConfigureSubscribeJob and ModifySubscribeObjects: the rules of the
// definition's descriptions that the generic validation cannot express.
// README.md ("Configuration (ConfigureSubscribeJob)") lists them in order.

// Products by what they support.
var (
	// noCustomPartitioning: "mariadb，percona，tdsqlmysql，tdpg不支持自定义分区"
	// (tdsqlmysql is the product tdsqlpercona).
	noCustomPartitioning = []string{"mariadb", "percona", "tdsqlpercona", "tdpg"}
	// threeProtocols: "当 DatabaseType 为 mysql和cynosdbmysql 时有三种可选协议"; the
	// other products use their default.
	threeProtocols = []string{"mysql", "cynosdbmysql"}
	partitionCount = []uint64{1, 4, 8}
)

func customPartitioning(product string) bool { return !slices.Contains(noCustomPartitioning, product) }

func isMongo(product string) bool { return product == "mongodb" }

// subscribeModes are the SubscribeMode values of a product.
func subscribeModes(product string) []string {
	if isMongo(product) {
		return []string{"all", "database", "collection"}
	}
	return []string{"all", "dml", "ddl", "dmlAndDdl"}
}

// endpointNeeds are the EndpointItem members an access type needs ("如果
// AccessType 为 … 此项必填"), in the order they are checked.
var endpointNeeds = []struct {
	member string
	access []string
	set    func(*dtsapi.EndpointItem) bool
}{
	{"InstanceId", []string{"cdb"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.InstanceId) }},
	{"CvmInstanceId", []string{"cvm"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.CvmInstanceId) }},
	{"UniqDcgId", []string{"dcg"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.UniqDcgId) }},
	{"CcnId", []string{"ccn"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.CcnId) }},
	{"UniqVpnGwId", []string{"vpncloud"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.UniqVpnGwId) }},
	{"VpcId", []string{"dcg", "ccn", "vpncloud", "vpc"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.VpcId) }},
	{"SubnetId", []string{"dcg", "ccn", "vpncloud", "vpc"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.SubnetId) }},
	{"HostName", []string{"dcg", "ccn", "vpncloud", "vpc", "extranet", "intranet"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.HostName) }},
	{"Port", []string{"dcg", "ccn", "vpncloud", "vpc", "extranet", "intranet", "cvm"}, func(e *dtsapi.EndpointItem) bool { return deref(e.Port) != 0 }},
	{"DatabaseNetEnv", []string{"ccn"}, func(e *dtsapi.EndpointItem) bool { return !blankID(e.DatabaseNetEnv) }},
}

func invalidValue(path, value, why string) *apiError {
	return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s` is not valid: %s.", value, path, why)
}

// validateSubscribeConfig checks a ConfigureSubscribeJob request against
// the subscription and returns what it stores: the request without its ID,
// passwords emptied.
func validateSubscribeConfig(region string, j *subscription, req *dtsapi.ConfigureSubscribeJobRequest) (*dtsapi.ConfigureSubscribeJobRequest, *apiError) {
	product, mode := j.Product, *req.SubscribeMode
	if !slices.Contains(subscribeModes(product), mode) {
		return nil, invalidValue("SubscribeMode", mode, "a "+product+" subscription's mode is one of "+strings.Join(subscribeModes(product), ", "))
	}
	if err := checkEndpoints(region, product, req); err != nil {
		return nil, err
	}
	if err := instanceNotFound(subsNodes(product, req)); err != nil {
		return nil, err
	}
	k := req.KafkaConfig
	if n := *k.NumberOfPartitions; !slices.Contains(partitionCount, n) {
		return nil, invalidValue("KafkaConfig.NumberOfPartitions", strconv.FormatUint(n, 10), "the number of partitions is 1, 4 or 8")
	}
	if err := checkPartitioning(product, k.DistributeRules, deref(k.DefaultRuleType), "KafkaConfig.", *k.NumberOfPartitions > 1); err != nil {
		return nil, err
	}
	if err := checkSubscribeObjects(product, mode, mode, req.SubscribeObjects, configuredObjects); err != nil {
		return nil, err
	}
	if err := checkProtocol(product, deref(req.Protocol)); err != nil {
		return nil, err
	}
	if err := checkPipeline(product, req.PipelineInfo, engineVersion(req.Endpoints)); err != nil {
		return nil, err
	}
	if err := checkSubscribeExtraAttr(product, req.ExtraAttr); err != nil {
		return nil, err
	}
	vpc, subnet := blankID(req.ConsumerVpcId), blankID(req.ConsumerSubnetId)
	if vpc != subnet {
		missing := map[bool]string{true: "ConsumerVpcId", false: "ConsumerSubnetId"}[vpc]
		return nil, missingParameter(missing, " (the consumer's VPC and subnet go together)")
	}
	stored := cloneJSON(req)
	stored.SubscribeId = nil
	for _, ep := range stored.Endpoints {
		ep.Password = ptr("")
	}
	return stored, nil
}

// checkEndpoints checks each endpoint: the members its access type needs,
// its region, EncryptConn (mysql only) and its ExtraAttr.
func checkEndpoints(region, product string, req *dtsapi.ConfigureSubscribeJobRequest) *apiError {
	access := *req.AccessType
	for i, ep := range req.Endpoints {
		path := fmt.Sprintf("Endpoints.%d", i)
		if ep == nil {
			return missingParameter(path, "")
		}
		for _, n := range endpointNeeds {
			if slices.Contains(n.access, access) && !n.set(ep) {
				return missingParameter(path+"."+n.member, " (AccessType "+access+")")
			}
		}
		switch r := *ep.DatabaseRegion; {
		case !isRegion(r):
			return invalidValue(path+".DatabaseRegion", r, "it is not a DTS region")
		case access != "ccn" && r != region:
			return invalidValue(path+".DatabaseRegion", r, "it must be the subscription's region ("+region+"); only a ccn endpoint names the region of its VPC")
		}
		if enc := deref(ep.EncryptConn); enc != "" && product != "mysql" {
			return invalidValue(path+".EncryptConn", enc, "only mysql supports an encrypted connection; leave it unset for "+product)
		}
		if err := checkEndpointExtraAttr(product, path, ep.ExtraAttr); err != nil {
			return err
		}
	}
	return nil
}

// checkEndpointExtraAttr: a tdpg endpoint names the database it subscribes
// (PgDatabase, "tdpg必填参数"); a mongodb InstanceType is replicaset or
// cluster.
func checkEndpointExtraAttr(product, path string, attrs []*dtsapi.KeyValuePairOption) *apiError {
	if product == "tdpg" && blankID(extraValue(attrs, "PgDatabase")) {
		return missingParameter(path+".ExtraAttr", " (a tdpg endpoint needs the key PgDatabase)")
	}
	for i, kv := range attrs {
		if kv != nil && isMongo(product) && deref(kv.Key) == "InstanceType" && !slices.Contains([]string{"replicaset", "cluster"}, deref(kv.Value)) {
			return invalidValue(fmt.Sprintf("%s.ExtraAttr.%d.Value", path, i), deref(kv.Value), "InstanceType is replicaset or cluster")
		}
	}
	return nil
}

// extraValue is the value of key in attrs, or nil.
func extraValue(attrs []*dtsapi.KeyValuePairOption, key string) *string {
	for _, kv := range attrs {
		if kv != nil && deref(kv.Key) == key {
			return kv.Value
		}
	}
	return nil
}

// checkSubscribeExtraAttr: a mongodb subscription's SubscribeType is
// changeStream ("目前只支持changeStream"). Other keys are accepted.
func checkSubscribeExtraAttr(product string, attrs []*dtsapi.KeyValuePairOption) *apiError {
	for i, kv := range attrs {
		if kv != nil && isMongo(product) && deref(kv.Key) == "SubscribeType" && deref(kv.Value) != "changeStream" {
			return invalidValue(fmt.Sprintf("ExtraAttr.%d.Value", i), deref(kv.Value), "a mongodb subscription supports only SubscribeType changeStream")
		}
	}
	return nil
}

// checkPartitioning checks the distribution rules and the default rule type
// of a subscription of product; prefix names where they are
// ("KafkaConfig." or ""), needDefault says that DefaultRuleType is
// required. Products without custom partitioning take neither.
func checkPartitioning(product string, rules []*dtsapi.DistributeRule, def, prefix string, needDefault bool) *apiError {
	if !customPartitioning(product) {
		if len(rules) > 0 || def != "" {
			member := map[bool]string{true: "DistributeRules", false: "DefaultRuleType"}[len(rules) > 0]
			return errf(codeInvalidParameterValue, "The parameter `%s%s` is not accepted: %s does not support custom partitioning.", prefix, member, product)
		}
		return nil
	}
	ruleTypes, defaults := []string{"table", "pk", "cols"}, []string{"table", "pk"}
	if isMongo(product) {
		ruleTypes, defaults = []string{"collection", "collectionAndObjectId"}, []string{"collection"}
	}
	if needDefault && def == "" {
		return missingParameter(prefix+"DefaultRuleType", " (more than one partition, or DistributeRules given)")
	}
	if def != "" && !slices.Contains(defaults, def) {
		return invalidValue(prefix+"DefaultRuleType", def, product+" allows "+strings.Join(defaults, ", "))
	}
	for i, r := range rules {
		path := fmt.Sprintf("%sDistributeRules.%d", prefix, i)
		if r == nil {
			return missingParameter(path, "")
		}
		if !slices.Contains(ruleTypes, *r.RuleType) {
			return invalidValue(path+".RuleType", *r.RuleType, product+" allows "+strings.Join(ruleTypes, ", "))
		}
		for _, m := range []struct{ name, pattern string }{{"DbPattern", *r.DbPattern}, {"TablePattern", *r.TablePattern}} {
			if _, err := regexp.Compile(m.pattern); err != nil {
				return invalidValue(path+"."+m.name, m.pattern, "it is not a regular expression ("+err.Error()+")")
			}
		}
	}
	return nil
}

// objectNames are the member names of the objects of a request, for
// messages: ConfigureSubscribeJob's SubscribeObject, ModifySubscribeObjects'
// ModifiedSubscribeObject.
type objectNames struct{ list, tables, mode string }

var (
	configuredObjects = objectNames{"SubscribeObjects", "Tables", "SubscribeMode"}
	modifiedObjects   = objectNames{"Objects", "TableNames", "SubscribeObjectType"}
)

// checkSubscribeObjects checks the objects of a subscription of product in
// mode (modeLabel is how the request spelled the mode): required unless the
// mode is all or ddl; a table object lists its tables; a mongodb
// subscription of one database or one collection names exactly that.
func checkSubscribeObjects(product, mode, modeLabel string, objs []*dtsapi.SubscribeObject, n objectNames) *apiError {
	if len(objs) == 0 && mode != "all" && mode != "ddl" {
		return missingParameter(n.list, fmt.Sprintf(" (%s is %s)", n.mode, modeLabel))
	}
	for i, o := range objs {
		path := fmt.Sprintf("%s.%d", n.list, i)
		if o == nil {
			return missingParameter(path, "")
		}
		if *o.ObjectType == "table" && len(o.Tables) == 0 {
			return missingParameter(path+"."+n.tables, " (a table object lists its tables)")
		}
		for k, t := range o.Tables {
			if blankID(t) {
				return invalidValue(fmt.Sprintf("%s.%s.%d", path, n.tables, k), "", "a table name must not be empty")
			}
		}
	}
	one := len(objs) == 1 && objs[0] != nil
	switch {
	case !isMongo(product):
	case mode == "database" && (!one || *objs[0].ObjectType != "database"):
		return errf(codeInvalidParameterValue, "The parameter `%s` is not valid: a mongodb subscription of one database (%s %s) lists exactly one database object.", n.list, n.mode, modeLabel)
	case mode == "collection" && (!one || *objs[0].ObjectType != "table" || len(objs[0].Tables) != 1):
		return errf(codeInvalidParameterValue, "The parameter `%s` is not valid: a mongodb subscription of one collection (%s %s) lists exactly one table object with one collection.", n.list, n.mode, modeLabel)
	}
	return nil
}

// checkProtocol: mysql and cynosdbmysql choose protobuf, avro or json; the
// other products use their default format (mongodb json, others
// protobuf), which may be given.
func checkProtocol(product, protocol string) *apiError {
	if protocol == "" {
		return nil
	}
	allowed := []string{"protobuf"}
	switch {
	case slices.Contains(threeProtocols, product):
		allowed = []string{"protobuf", "avro", "json"}
	case isMongo(product):
		allowed = []string{"json"}
	}
	if !slices.Contains(allowed, protocol) {
		return invalidValue("Protocol", protocol, product+" subscriptions use "+strings.Join(allowed, ", "))
	}
	return nil
}

// newerAggOps need MongoDB 4.2 or later ("只有当订阅实例是4.2及以上版本可选").
var newerAggOps = []string{"$replaceWith", "$set", "$unset"}

// checkPipeline: PipelineInfo is for mongodb ("mongo选填参数"); each stage
// has an operator and a JSON expression ("必须是json格式"); $replaceWith,
// $set and $unset need MongoDB 4.2 when the endpoint gives its
// EngineVersion.
func checkPipeline(product string, pipes []*dtsapi.PipelineInfo, version string) *apiError {
	if len(pipes) > 0 && !isMongo(product) {
		return errf(codeInvalidParameterValue, "The parameter `PipelineInfo` is not accepted: only mongodb subscriptions have an output pipeline.")
	}
	for i, p := range pipes {
		path := fmt.Sprintf("PipelineInfo.%d", i)
		switch {
		case p == nil || blankID(p.AggOp):
			return missingParameter(path+".AggOp", "")
		case blankID(p.AggCmd):
			return missingParameter(path+".AggCmd", "")
		case !json.Valid([]byte(*p.AggCmd)):
			return invalidValue(path+".AggCmd", *p.AggCmd, "the expression must be JSON")
		case slices.Contains(newerAggOps, *p.AggOp) && version != "" && olderThan(version, 4, 2):
			return invalidValue(path+".AggOp", *p.AggOp, "it needs MongoDB 4.2 or later; the endpoint's EngineVersion is "+version)
		}
	}
	return nil
}

// engineVersion is the EngineVersion an endpoint's ExtraAttr gives ("" for
// none).
func engineVersion(eps []*dtsapi.EndpointItem) string {
	for _, ep := range eps {
		if ep != nil {
			if v := deref(extraValue(ep.ExtraAttr, "EngineVersion")); v != "" {
				return v
			}
		}
	}
	return ""
}

// olderThan reports whether a version major.minor[…] is older than
// major.minor; an unreadable version is not.
func olderThan(version string, major, minor int) bool {
	parts := strings.SplitN(version, ".", 3)
	ma, err1 := strconv.Atoi(parts[0])
	mi := 0
	var err2 error
	if len(parts) > 1 {
		mi, err2 = strconv.Atoi(parts[1])
	}
	if err1 != nil || err2 != nil {
		return false
	}
	return ma < major || (ma == major && mi < minor)
}

// ---- ModifySubscribeObjects ----

// modifiedModes are SubscribeObjectType's values by product, in
// ConfigureSubscribeJob's vocabulary.
func modifiedModes(product string) map[int64]string {
	if isMongo(product) {
		return map[int64]string{0: "all", 4: "database", 5: "collection"}
	}
	return map[int64]string{0: "all", 1: "dml", 2: "ddl", 3: "dmlAndDdl"}
}

// validateObjectsChange checks a ModifySubscribeObjects request against the
// subscription and returns the change to its configuration: the mode and
// the objects replaced, the partitioning rules replaced when given (rules
// or a default), the pipeline replaced when given.
func validateObjectsChange(j *subscription, req *dtsapi.ModifySubscribeObjectsRequest) (func(*dtsapi.ConfigureSubscribeJobRequest), *apiError) {
	typ := *req.SubscribeObjectType
	modes := modifiedModes(j.Product)
	mode, ok := modes[typ]
	if !ok {
		keys := make([]string, 0, len(modes))
		for k := range modes {
			keys = append(keys, strconv.FormatInt(k, 10))
		}
		slices.Sort(keys)
		return nil, invalidValue("SubscribeObjectType", strconv.FormatInt(typ, 10), "a "+j.Product+" subscription takes "+strings.Join(keys, ", "))
	}
	objs := make([]*dtsapi.SubscribeObject, 0, len(req.Objects))
	for i, o := range req.Objects {
		if o == nil {
			return nil, missingParameter(fmt.Sprintf("Objects.%d", i), "")
		}
		kind := map[int64]string{0: "database", 1: "table"}[*o.ObjectsType]
		if kind == "" {
			return nil, invalidValue(fmt.Sprintf("Objects.%d.ObjectsType", i), strconv.FormatInt(*o.ObjectsType, 10), "it is 0 (a database) or 1 (a table)")
		}
		objs = append(objs, &dtsapi.SubscribeObject{ObjectType: ptr(kind), Database: o.DatabaseName, Tables: o.TableNames})
	}
	if err := checkSubscribeObjects(j.Product, mode, strconv.FormatInt(typ, 10), objs, modifiedObjects); err != nil {
		return nil, err
	}
	def := deref(req.DefaultRuleType)
	rules := len(req.DistributeRules) > 0 || def != ""
	if rules {
		if err := checkPartitioning(j.Product, req.DistributeRules, def, "", len(req.DistributeRules) > 0); err != nil {
			return nil, err
		}
	}
	if err := checkPipeline(j.Product, req.PipelineInfo, engineVersion(j.config().Endpoints)); err != nil {
		return nil, err
	}
	change := cloneJSON(req)
	return func(cfg *dtsapi.ConfigureSubscribeJobRequest) {
		cfg.SubscribeMode, cfg.SubscribeObjects = ptr(mode), nil
		if len(objs) > 0 {
			cfg.SubscribeObjects = *cloneJSON(&objs)
		}
		if rules {
			if cfg.KafkaConfig == nil {
				cfg.KafkaConfig = &dtsapi.SubscribeKafkaConfig{NumberOfPartitions: ptr[uint64](1)}
			}
			cfg.KafkaConfig.DistributeRules, cfg.KafkaConfig.DefaultRuleType = change.DistributeRules, change.DefaultRuleType
		}
		if change.PipelineInfo != nil {
			cfg.PipelineInfo = change.PipelineInfo
		}
	}, nil
}
