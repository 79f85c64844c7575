package tfkit

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Rules of a database node (migration's DBInfo, sync's Endpoint) that every
// kind with endpoints applies.

// needReasons say why an access type needs a node attribute.
var needReasons = map[string]string{
	"host":            "access_type %q needs the database's host and port.",
	"ip":              "access_type %q needs the database's IP address and port.",
	"port":            "access_type %q needs the database's address and port.",
	"vpc_id":          "access_type %q needs the VPC and subnet DTS connects from.",
	"subnet_id":       "access_type %q needs the VPC and subnet DTS connects from.",
	"instance_id":     "access_type %q (a cloud database) needs the instance's ID.",
	"cvm_instance_id": "access_type %q needs the CVM instance the database runs on.",
	"uniq_vpn_gw_id":  "access_type %q needs the VPN gateway ID.",
	"uniq_dcg_id":     "access_type %q needs the Direct Connect gateway ID.",
	"ccn_id":          "access_type %q needs the CCN instance ID.",
}

// NodeNeeds reports each attribute of needs that node n (a model struct at
// path node) does not set, saying why access needs it.
func NodeNeeds(diags *diag.Diagnostics, node path.Path, n any, access string, needs []string) {
	for _, attr := range needs {
		if !IsSet(n, attr) {
			Missing(diags, node.AtName(attr), fmt.Sprintf(needReasons[attr], access))
		}
	}
}

// TDSQLNode checks a node of a TDSQL endpoint: it has a role, the proxy
// node comes first, and a set node has its set_id.
func TDSQLNode(node path.Path, i int, role, setID types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	switch r := role.ValueString(); {
	case role.IsUnknown():
	case role.IsNull():
		Missing(&diags, node.AtName("role"), "Every node of a tdsqlmysql endpoint needs role: \"proxy\" (the first node) or \"set\".")
	case r != "proxy" && r != "set":
		diags.AddAttributeError(node.AtName("role"), "Invalid role", fmt.Sprintf("A tdsqlmysql node's role is \"proxy\" or \"set\", got %q.", r))
	case r == "proxy" && i > 0:
		diags.AddAttributeError(node.AtName("role"), "The proxy node comes first", "A tdsqlmysql endpoint lists its proxy node first, then the set nodes.")
	case r == "set" && setID.IsNull():
		Missing(&diags, node.AtName("set_id"), "A TDSQL set node (role = \"set\") needs its set_id.")
	}
	return diags
}

// CrossAccount checks a node of an instance in another account
// (account_mode = "other"): it names the account and the role DTS assumes
// there ("如果为跨账号实例此项必填").
func CrossAccount(diags *diag.Diagnostics, node path.Path, n any) {
	if StringOf(n, "account_mode") != "other" {
		return
	}
	for _, attr := range []string{"account", "account_role"} {
		if !IsSet(n, attr) {
			Missing(diags, node.AtName(attr), "account_mode = \"other\" (an instance in another account) needs account and account_role.")
		}
	}
}
