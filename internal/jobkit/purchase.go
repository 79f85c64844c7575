package jobkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// TokenTagKey is the tag the provider puts on every job it buys, so that a
// purchase whose reply was lost can be found again: no DTS purchase action
// has an idempotency token. It is hidden from users.
const TokenTagKey = "terraform-dts-token"

// NewToken returns a fresh purchase token.
func NewToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Tags are the user's tags plus the hidden token tag, in key order.
func Tags(user map[string]string, token string) []*dtsapi.TagItem {
	var out []*dtsapi.TagItem
	for _, k := range tfkit.SortedKeys(user) {
		out = append(out, &dtsapi.TagItem{TagKey: tfkit.Ptr(k), TagValue: tfkit.Ptr(user[k])})
	}
	if token != "" {
		out = append(out, &dtsapi.TagItem{TagKey: tfkit.Ptr(TokenTagKey), TagValue: tfkit.Ptr(token)})
	}
	return out
}

// UserTags splits a job's tags into the user's and the purchase token.
func UserTags(items []*dtsapi.TagItem) (map[string]string, string) {
	out, token := map[string]string{}, ""
	for _, t := range items {
		switch {
		case t == nil || t.TagKey == nil:
		case *t.TagKey == TokenTagKey:
			token = tfkit.Str(t.TagValue)
		default:
			out[*t.TagKey] = tfkit.Str(t.TagValue)
		}
	}
	return out, token
}

// TokenFilter is the list filter that finds the jobs bought with token.
func TokenFilter(token string) []*dtsapi.TagFilter {
	return []*dtsapi.TagFilter{{TagKey: tfkit.Ptr(TokenTagKey), TagValue: []*string{tfkit.Ptr(token)}}}
}

// AnyTokenFilter is the list filter that finds every job this provider
// bought (carrying a token tag, whatever its value).
func AnyTokenFilter() []*dtsapi.TagFilter {
	return []*dtsapi.TagFilter{{TagKey: tfkit.Ptr(TokenTagKey)}}
}

// Purchase is one purchase of one job.
type Purchase struct {
	// Action names the purchase call, for messages: CreateMigrationService.
	Action string
	Token  string
	// Buy makes the call and returns the one new ID.
	Buy func(ctx context.Context) (string, error)
	// Lookup lists the IDs of the jobs carrying the token tag.
	Lookup func(ctx context.Context) ([]string, error)
	// By says how Lookup finds the job, for messages, when it does not
	// use a token tag: "its name and creation time".
	By string
	// Orphans, when set, lists the jobs a killed provider may have left
	// behind: bought by this provider (a token tag), with the name of this
	// one, never started. Terraform never learned their IDs; they are
	// reported before the purchase, with the import that adopts one.
	Orphans func(ctx context.Context) ([]string, error)
	// Region is where the job is bought, for the import ID in that report.
	Region string
}

// by says how the lookup finds the job.
func (p *Purchase) by() string {
	if p.By != "" {
		return p.By
	}
	return "its token tag " + TokenTagKey + "=" + p.Token
}

// purchaseAttempts bounds the purchases Buy makes for one job: a repeat
// only follows lookups that found nothing.
const purchaseAttempts = 5

// Buy runs a purchase that must never happen twice (or a creation that has
// no idempotency token either, such as a compare task's). A purchase is
// retried by the client only while it cannot have reached DTS; when its
// reply may have been lost, the job is looked up (by its token tag, or as
// p.By says) before anything else — a few times, as a job may show up in the
// list a moment after its purchase, and even if the apply was interrupted.
// Found, it is the job. Found nowhere, the purchase did not happen (the
// failure came before DTS made the job: a gateway error, a connection
// dropped on the way in), and it is made again with the same token, at most
// purchaseAttempts purchases in all: a job that still appeared later would
// carry the same token, and the lookups after the next lost reply would
// report both.
func (e *Env) Buy(ctx context.Context, p Purchase, diags *diag.Diagnostics) (string, error) {
	reportOrphans(ctx, p, diags)
	for attempt := 1; ; attempt++ {
		id, err := p.Buy(ctx)
		if err == nil && attempt > 1 {
			reportTwins(ctx, e, p, id, diags)
		}
		if err == nil || !client.MayHaveApplied(err) {
			return id, err
		}
		tflog.Warn(ctx, "the purchase reply was lost; looking the job up by "+p.by(), map[string]any{"action": p.Action})
		ids, lerr := e.lookup(ctx, p)
		switch {
		case lerr != nil:
			return "", fmt.Errorf("%w (and looking the job up by %s failed too: %w; check the DTS console for it before applying again)",
				err, p.by(), lerr)
		case len(ids) > 1:
			return "", fmt.Errorf("%w: %d jobs match %s: %s", err, len(ids), p.by(), strings.Join(ids, ", "))
		case len(ids) == 1:
			diags.AddWarning("Recovered a purchase whose reply was lost",
				fmt.Sprintf("%s failed (%v), but the job it created was found by %s: %s. The provider continues with it.", p.Action, err, p.by(), ids[0]))
			return ids[0], nil
		case attempt >= purchaseAttempts || ctx.Err() != nil:
			return "", err
		}
		tflog.Warn(ctx, "the lost purchase made no job; buying again", map[string]any{"action": p.Action, "attempt": attempt + 1})
	}
}

// lookup runs p.Lookup up to three times, Poll.Min apart, until it finds a
// job, even if ctx is canceled (within 2 minutes).
func (e *Env) lookup(ctx context.Context, p Purchase) ([]string, error) {
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	var ids []string
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			if e.Clock.Sleep(lookupCtx, e.Poll.Min) != nil {
				break
			}
		}
		if ids, err = p.Lookup(lookupCtx); err == nil && len(ids) > 0 {
			break
		}
	}
	return ids, err
}

// reportTwins warns when a repeated purchase finds, besides the job it
// bought (id), a job of an earlier attempt that appeared after all: it
// carries the same token and would otherwise be billed unseen.
func reportTwins(ctx context.Context, e *Env, p Purchase, id string, diags *diag.Diagnostics) {
	ids, err := p.Lookup(context.WithoutCancel(ctx))
	if err != nil {
		tflog.Warn(ctx, "looking for an earlier purchase after buying again failed", map[string]any{"error": err.Error()})
		return
	}
	others := slices.DeleteFunc(ids, func(s string) bool { return s == id })
	if len(others) > 0 {
		diags.AddWarning("An earlier purchase appeared after all",
			fmt.Sprintf("%s was bought again after its lost reply made no job that could be found, and %s is the job now in the state. "+
				"An earlier attempt made a job after all, found by %s: %s. It is not managed by Terraform and is billed: "+
				"destroy it in the DTS console, or adopt it with an import.", p.Action, id, p.by(), strings.Join(others, ", ")))
	}
}

// OneID is the one ID a purchase of one job returns.
func OneID(action string, ids []*string) (string, error) {
	if len(ids) != 1 || ids[0] == nil || *ids[0] == "" {
		return "", fmt.Errorf("%s returned %d job IDs for a purchase of one", action, len(ids))
	}
	return *ids[0], nil
}

// reportOrphans warns about the jobs p.Orphans finds. It is advice: a
// failed lookup is only logged, and nothing is adopted without the user's
// import (two resources of one configuration may share a name).
func reportOrphans(ctx context.Context, p Purchase, diags *diag.Diagnostics) {
	if p.Orphans == nil {
		return
	}
	ids, err := p.Orphans(ctx)
	if err != nil {
		tflog.Warn(ctx, "could not look for orphaned jobs", map[string]any{"error": err.Error()})
		return
	}
	if len(ids) == 0 {
		return
	}
	imports := make([]string, len(ids))
	for i, id := range ids {
		imports[i] = "terraform import <this resource's address> " + p.Region + ":" + id
	}
	diags.AddWarning("Jobs this provider bought and may have lost track of",
		fmt.Sprintf("Before %s, found %d job(s) with this name that this provider bought and that never started: %s. A provider killed "+
			"during a create leaves such a job untracked (Terraform never learned its ID), and it may be billed. This apply buys a new "+
			"job; if one of these is an orphan, delete it in the console, or next time adopt it instead:\n%s",
			p.Action, len(ids), strings.Join(ids, ", "), strings.Join(imports, "\n")))
}
