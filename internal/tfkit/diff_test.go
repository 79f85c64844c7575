package tfkit

import "testing"

func TestPathUnderAndFramework(t *testing.T) {
	p := Path(`src_info.info[0].password_wo_version`)
	if !p.Under("src_info") || p.Under("src") || Path("src_info_x").Under("src_info") || !Path(`migrate_option.extra_attr["DstWriteMode"]`).Under("migrate_option.extra_attr") {
		t.Error("Under")
	}
	if got := p.Framework().String(); got != "src_info.info[0].password_wo_version" {
		t.Errorf("Framework: %s", got)
	}
	if got := Path(`migrate_option.extra_attr["DstWriteMode"]`).Framework().String(); got != `migrate_option.extra_attr["DstWriteMode"]` {
		t.Errorf("Framework: %s", got)
	}
	if p.Root() != "src_info" {
		t.Error("Root")
	}
	c := Changes{"tags[\"a\"]", "src_info.region", "src_info.info[0].host"}
	if r := c.Roots(); len(r) != 2 || r[0] != "tags" || r[1] != "src_info" {
		t.Errorf("Roots %v", r)
	}
}
