package scale_test

import (
	"encoding/json"
	"testing"
)

// parseStateIDs reads `terraform show -json`: the IDs of the resources,
// by resource type.
func parseStateIDs(t *testing.T, out string) map[string][]string {
	t.Helper()
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, tail(out, 20))
	}
	ids := map[string][]string{}
	for _, r := range doc.Values.RootModule.Resources {
		if id, ok := r.Values["id"].(string); ok {
			ids[r.Type] = append(ids[r.Type], id)
		}
	}
	return ids
}
