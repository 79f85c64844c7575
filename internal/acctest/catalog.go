package acctest

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// Rejection is one entry of a catalog of invalid configurations: a
// configuration that `terraform plan` must refuse, before any API call,
// with a diagnostic that names the attribute at fault.
type Rejection struct {
	Name string
	// Config is the whole configuration, provider block included.
	Config string
	// Attr is the path of the attribute the error names, as a user writes
	// it: "src_info.info[0].port". The provider's error diagnostic must
	// carry exactly this path (Terraform shows the line it points at).
	Attr string
	// Want is what the message must say (a regular expression in which a
	// space matches any run of white space, as Terraform wraps lines).
	// When Terraform itself refuses the configuration from the schema (a
	// missing required argument) the provider returns no error, and Want
	// must quote the attribute's name as Terraform's message does.
	Want string
}

// Rows builds rejections from rows of {name, configuration, want, attr},
// each configuration prefixed with prefix (the provider block).
func Rows(prefix string, rows [][4]string) []Rejection {
	out := make([]Rejection, len(rows))
	for i, r := range rows {
		out[i] = Rejection{Name: r[0], Config: prefix + r[1], Want: r[2], Attr: r[3]}
	}
	return out
}

// Catalog runs a catalog of rejections against the test's emulator.
type Catalog struct {
	Env *Env
	// Vars are the configurations' variables.
	Vars config.Variables
	// Options are the provider's; the zero value means Env.ProviderOptions().
	Options *provider.Options
	// Min is the least number of cases the catalog must hold.
	Min int
}

// Run plans every case, one after the other, and fails a case unless the
// plan fails with its message, an error diagnostic of the provider carries
// its attribute path (or, when the provider returned no error because
// Terraform refused the configuration first, the message quotes the
// attribute's name), and the emulator received no request at all.
func (c Catalog) Run(t *testing.T, cases []Rejection) {
	t.Helper()
	if len(cases) < c.Min {
		t.Fatalf("the catalog holds %d cases, want at least %d", len(cases), c.Min)
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.Name] || tc.Attr == "" {
			t.Fatalf("case %q: duplicate name or no attribute", tc.Name)
		}
		seen[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) { c.run(t, tc) })
	}
}

func (c Catalog) run(t *testing.T, tc Rejection) {
	opts := c.Env.ProviderOptions()
	if c.Options != nil {
		opts = *c.Options
	}
	factories, rec := RecordingFactories(opts)
	before := c.Env.Requests()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: tc.Config, ConfigVariables: c.Vars, PlanOnly: true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.Want, " ", `\s+`)),
		}},
	})
	if n := c.Env.Requests() - before; n != 0 {
		t.Errorf("the emulator received %d requests; a rejected configuration must make none", n)
	}
	paths := rec.errorPaths()
	switch {
	case len(paths) == 0:
		if !strings.Contains(tc.Want, `"`+lastName(tc.Attr)+`"`) {
			t.Errorf("the provider returned no error (Terraform refused the configuration): Want must quote %q", lastName(tc.Attr))
		}
	case !slices.Contains(paths, tc.Attr):
		t.Errorf("no error diagnostic names %s; the errors name %q", tc.Attr, paths)
	}
}

func lastName(p string) string {
	p = p[strings.LastIndex(p, ".")+1:]
	name, _, _ := strings.Cut(p, "[")
	return name
}

// RecordingFactories serve a provider built with opts whose error
// diagnostics (of validation, configuration, plans, applies and data source
// reads)
// the returned recorder keeps.
func RecordingFactories(opts provider.Options) (map[string]func() (tfprotov6.ProviderServer, error), *DiagRecorder) {
	rec := &DiagRecorder{}
	inner := providerserver.NewProtocol6WithError(provider.NewWithOptions(opts)())
	return map[string]func() (tfprotov6.ProviderServer, error){
		"dts": func() (tfprotov6.ProviderServer, error) {
			s, err := inner()
			return &recordingServer{ProviderServer: s, rec: rec}, err
		},
	}, rec
}

// DiagRecorder keeps the error diagnostics the provider returned
// (Terraform calls it concurrently).
type DiagRecorder struct {
	mu     sync.Mutex
	errors []*tfprotov6.Diagnostic
}

func (r *DiagRecorder) add(diags []*tfprotov6.Diagnostic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			r.errors = append(r.errors, d)
		}
	}
}

// Errors are the error diagnostics returned so far.
func (r *DiagRecorder) Errors() []*tfprotov6.Diagnostic {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errors)
}

func (r *DiagRecorder) errorPaths() []string {
	var paths []string
	for _, d := range r.Errors() {
		paths = append(paths, PathString(d.Attribute))
	}
	return paths
}

// PathString writes an attribute path as a user does: a.b[0].c["key"];
// "" for no path.
func PathString(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, s := range p.Steps() {
		switch s := s.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			b.WriteString("[" + strconv.FormatInt(int64(s), 10) + "]")
		case tftypes.ElementKeyString:
			b.WriteString("[" + strconv.Quote(string(s)) + "]")
		default:
			fmt.Fprintf(&b, "[%v]", s)
		}
	}
	return b.String()
}

// recordingServer is the provider server with the diagnostics of the
// validation and plan calls recorded.
type recordingServer struct {
	tfprotov6.ProviderServer
	rec *DiagRecorder
}

func (s *recordingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateProviderConfig(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateResourceConfig(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateDataResourceConfig(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

func (s *recordingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		s.rec.add(resp.Diagnostics)
	}
	return resp, err
}

// RunPerType runs catalogs of several resource or data source types,
// rows of {name, configuration, want, attr} per type name, each
// configuration prefixed with the provider block; Min applies to each type.
func (c Catalog) RunPerType(t *testing.T, rows map[string][][4]string) {
	t.Helper()
	var all []Rejection
	for _, typ := range slices.Sorted(maps.Keys(rows)) {
		if len(rows[typ]) < c.Min {
			t.Errorf("%s: %d cases, want at least %d", typ, len(rows[typ]), c.Min)
		}
		for _, r := range Rows(c.Env.ProviderBlock(), rows[typ]) {
			r.Name = typ + "/" + r.Name
			all = append(all, r)
		}
	}
	c.Min = 0
	c.Run(t, all)
}
