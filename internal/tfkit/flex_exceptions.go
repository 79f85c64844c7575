package tfkit

import (
	"slices"
	"strings"
)

// Exception is an attribute that does not pair with the wire member of the
// same name (in snake_case), or whose values differ from the member's.
type Exception struct {
	// Attr is the attribute's name; "*_suffix" matches every attribute that
	// ends so.
	Attr string
	// Members are the wire members the attribute pairs with: the first one a
	// structure has. None: the attribute has no member — Expand never sends
	// it and Flatten keeps it from the prior model.
	Members []string
	// WriteOnly attributes are secrets: Expand reads them from the
	// configuration (WithSecrets), Flatten always makes them null.
	WriteOnly bool
	// Values maps the attribute's words to the numbers of an integer member.
	Values map[string]int64
	// Prefix marks an endpoint the API spreads over its parent structure
	// (sync's src_info: SrcRegion, SrcAccessType, SrcDatabaseType,
	// SrcNodeType, SrcConnectType, and the nodes as SrcInfo or SrcInfos):
	// it applies where the parent has <Prefix>Region, …AccessType,
	// …DatabaseType or …NodeType (a purchase has the region and the type);
	// elsewhere the attribute pairs by name (migration's configuration has
	// src_info as SrcInfo).
	Prefix string
	// Why says why, for DESIGN.md.
	Why string
}

// Exceptions is the provider-wide table: every attribute of every resource
// and data source that is not the snake_case of its API member. A kind's
// model file holds nothing else (see DESIGN.md, "Conversions").
var Exceptions = []Exception{
	{Attr: "name", Members: []string{"JobName", "TaskName", "SubscribeName", "Name"},
		Why: "every resource calls its display name `name` (CreateSubscribe alone calls it `Name`)"},
	{Attr: "password_wo", Members: []string{"Password"}, WriteOnly: true,
		Why: "secrets are write-only attributes: never in the state, the plan or a read"},
	{Attr: "tmp_secret_key_wo", Members: []string{"TmpSecretKey"}, WriteOnly: true,
		Why: "secret, as password_wo"},
	{Attr: "tmp_token_wo", Members: []string{"TmpToken"}, WriteOnly: true,
		Why: "secret, as password_wo"},
	{Attr: "*_wo_version",
		Why: "the companion that triggers sending a new secret: the API knows nothing of it"},
	{Attr: "pay_mode", Members: []string{"PayMode", "PayType"}, Values: map[string]int64{"PrePay": 0, "PostPay": 1},
		Why: "the words of sync's PayMode also where an API numbers them (subscription PayType 0/1)"},
	{Attr: "auto_renew", Members: []string{"AutoRenew", "AutoRenewFlag"},
		Why: "a 0/1 flag is a boolean (a bool attribute and an integer member convert as 0/1)"},
	{Attr: "subscribe_mode", Members: []string{"SubscribeMode", "SubscribeObjectType"},
		Values: map[string]int64{"all": 0, "dml": 1, "ddl": 2, "dmlAndDdl": 3, "database": 4, "collection": 5},
		Why:    "ModifySubscribeObjects numbers the modes ConfigureSubscribeJob names (SubscribeObjectType 0–3, mongodb 0, 4, 5)"},
	{Attr: "subscribe_objects", Members: []string{"SubscribeObjects", "Objects"},
		Why: "ModifySubscribeObjects calls the subscribed objects Objects (ModifiedSubscribeObject)"},
	{Attr: "object_type", Members: []string{"ObjectType", "ObjectsType"}, Values: map[string]int64{"database": 0, "table": 1},
		Why: "ModifiedSubscribeObject numbers SubscribeObject's object types (ObjectsType 0 database, 1 table)"},
	{Attr: "database", Members: []string{"Database", "DatabaseName"},
		Why: "ModifiedSubscribeObject's DatabaseName is SubscribeObject's Database"},
	{Attr: "tables", Members: []string{"Tables", "TableNames"},
		Why: "ModifiedSubscribeObject's TableNames are SubscribeObject's Tables"},
	{Attr: "src_info", Prefix: "Src",
		Why: "one nested endpoint where sync spreads it over SrcRegion, SrcAccessType, …, SrcInfo (single) or SrcInfos (cluster)"},
	{Attr: "dst_info", Prefix: "Dst",
		Why: "as src_info, for the target"},
	{Attr: "tags",
		Why: "converted by internal/jobkit, which adds the hidden purchase-token tag and hides it again"},
	{Attr: "timeouts",
		Why: "the resource's own waiting limits"},
}

// exceptionFor returns the exception of an attribute, or nil.
func exceptionFor(attr string) *Exception {
	i := slices.IndexFunc(Exceptions, func(e Exception) bool {
		if suffix, ok := strings.CutPrefix(e.Attr, "*"); ok {
			return strings.HasSuffix(attr, suffix)
		}
		return e.Attr == attr
	})
	if i < 0 {
		return nil
	}
	return &Exceptions[i]
}
