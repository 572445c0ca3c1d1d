package tools

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// GetAccountParams: get_account takes no arguments.
type GetAccountParams struct{}

// AccountResult is get_account's structured content.
type AccountResult struct {
	Username    string `json:"username"`
	Email       string `json:"email,omitempty"`
	FirstName   string `json:"first_name,omitempty"`
	LastName    string `json:"last_name,omitempty"`
	BillingType string `json:"billing_type"`
	// Billing is the sub-object matching billing_type (wallet, subscription or
	// usage_based); its fields are inferred from HeyGen's CLI and kept as sent.
	Billing map[string]any `json:"billing,omitempty"`
}

func (r AccountResult) toolText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "The HeyGen key works: account %s", r.Username)
	if r.Email != "" {
		fmt.Fprintf(&b, " <%s>", r.Email)
	}
	fmt.Fprintf(&b, ", billing type %s.", r.BillingType)
	if len(r.Billing) > 0 {
		keys := make([]string, 0, len(r.Billing))
		for k := range r.Billing {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%v", k, r.Billing[k]))
		}
		fmt.Fprintf(&b, " Balance: %s.", strings.Join(parts, ", "))
	}
	return b.String()
}

func (registry) GetAccount() Definition {
	return define(Definition{
		Name: "get_account", Title: "Check the HeyGen account", Toolset: ToolsetVideoAgent,
		Example: `{}`,
		Hints:   readHints,
		Description: "Who the HeyGen API key belongs to and its billing type and remaining credits or balance. " +
			"Call it first to check the key works before creating videos.",
	}, Deps.getAccount)
}

func (d Deps) getAccount(ctx context.Context, _ GetAccountParams) (AccountResult, error) {
	c, _, err := d.client(ctx)
	if err != nil {
		return AccountResult{}, err
	}
	u, err := c.GetCurrentUser(ctx)
	if err != nil {
		return AccountResult{}, err
	}
	r := AccountResult{
		Username: u.Username, Email: deref(u.Email), FirstName: deref(u.FirstName), LastName: deref(u.LastName),
		BillingType: u.BillingType,
	}
	switch u.BillingType {
	case "wallet":
		r.Billing = u.Wallet
	case "subscription":
		r.Billing = u.Subscription
	case "usage_based":
		r.Billing = u.UsageBased
	}
	return r, nil
}
