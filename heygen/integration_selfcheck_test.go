//go:build integration

package heygen_test

// Self-checks of the live-API tier that need no key and no network: every
// check of integration_test.go runs with a second simulator standing in for
// HeyGen, once as it is (nothing may be reported) and once with differences
// planted in its replies (exactly those must be reported). Their names do not
// contain "Integration", so `-run Integration` leaves them out.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

const itgPretendLiveKey = "sk_pretend_live_key_for_selfcheck_0000"

// itgSimAsLive builds the sides with a seeded simulator as the "live" API.
func itgSimAsLive(t *testing.T, wrap func(http.Handler) http.Handler) *itgSides {
	t.Helper()
	liveSrv := itgNewSimServer(t, itgPretendLiveKey, 2, wrap)
	s := itgNewSides(t, liveSrv.url, itgPretendLiveKey, false)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := itgSeedSim(ctx, liveSrv, s.live); err != nil {
		t.Fatalf("seeding the pretend live simulator: %v", err)
	}
	return s
}

func itgAllChecks() []itgCheck {
	all := itgReadChecks()
	all = append(all, itgNotFoundChecks()...)
	all = append(all, itgUnauthorizedCheck())
	all = append(all, itgParamChecks()...)
	return append(all, itgCreateCheck())
}

// itgPlant rewrites some replies of the pretend live API:
//   - GET /v3/voices: items call their id "id" instead of "voice_id" (a missing required field);
//   - GET /v3/video-agents: created_at is an ISO-8601 string (a type mismatch);
//   - GET /v3/users/me: an extra field data.plan_tier (only a note: HeyGen may add fields);
//   - every 401: {"error": "Unauthorized"} (error is a string, not the documented object).
func itgPlant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var v map[string]any
		if json.Unmarshal(body, &v) == nil {
			items, _ := v["data"].([]any)
			switch {
			case rec.Code == http.StatusUnauthorized:
				v = map[string]any{"error": "Unauthorized"}
			case r.Method == http.MethodGet && r.URL.Path == "/v3/voices":
				for _, it := range items {
					m := it.(map[string]any)
					m["id"] = m["voice_id"]
					delete(m, "voice_id")
				}
			case r.Method == http.MethodGet && r.URL.Path == "/v3/video-agents":
				for _, it := range items {
					m := it.(map[string]any)
					sec, _ := m["created_at"].(float64)
					m["created_at"] = time.Unix(int64(sec), 0).UTC().Format(time.RFC3339)
				}
			case r.Method == http.MethodGet && r.URL.Path == "/v3/users/me":
				v["data"].(map[string]any)["plan_tier"] = "pro"
			}
			body, _ = json.Marshal(v)
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// TestLiveTierAgainstSimulator: a simulator compared with a simulator has no
// differences, and every read-only bad request gets its 400 with a param.
func TestLiveTierAgainstSimulator(t *testing.T) {
	s := itgSimAsLive(t, nil)
	for _, c := range itgAllChecks() {
		r := itgExec(s, c)
		if len(r.errs) > 0 {
			t.Errorf("%s: unexpected findings:\n%s", c.name, strings.Join(r.errs, "\n"))
		}
		if r.skip != "" {
			t.Errorf("%s skipped: %s", c.name, r.skip)
		}
		for _, n := range r.notes {
			if strings.Contains(n, "extra field") || strings.Contains(n, "not in the live reply") {
				t.Errorf("%s: a simulator differs from itself: %s", c.name, n)
			}
		}
	}
	for _, c := range itgParamChecks() {
		if r := itgExec(s, c); !r.param400 {
			t.Errorf("%s: no 400 with param", c.name)
		}
	}
}

// TestLiveTierFindsPlantedDifference: exactly the planted differences are
// reported, each at the right severity.
func TestLiveTierFindsPlantedDifference(t *testing.T) {
	s := itgSimAsLive(t, itgPlant)
	wantErr := map[string][]string{
		"voices": {"GET /v3/voices: data[].voice_id is missing from the live reply (our types require it; the simulator sends string)"},
		"sessions_list": {
			"GET /v3/video-agents: type mismatch at data[].created_at: live string, the simulator sends number",
			"GET /v3/video-agents: heygen.Client cannot decode the live reply: json: cannot unmarshal string into Go struct field SessionSummary.Page.data.created_at of type int64",
		},
		"wrong_key": {"GET /v3/users/me: type mismatch at error: live string, the simulator sends object"},
	}
	// Checks that look up the account's sessions first cannot do so when the
	// session list does not decode: they skip, and the list's check says why.
	wantSkip := map[string]bool{"session_get": true, "session_videos": true, "session_resource": true}
	wantNote := map[string]string{
		"voices":   "GET /v3/voices: extra field in the live reply: data[].id (string); neither the simulator nor our types have it",
		"users_me": "GET /v3/users/me: extra field in the live reply: data.plan_tier (string); neither the simulator nor our types have it",
	}
	for _, c := range itgAllChecks() {
		r := itgExec(s, c)
		if want := wantErr[c.name]; strings.Join(r.errs, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: want exactly the findings %q, got %q", c.name, want, r.errs)
		}
		if (r.skip != "") != wantSkip[c.name] {
			t.Errorf("%s: skip %q, want a skip: %v", c.name, r.skip, wantSkip[c.name])
		}
		if n, ok := wantNote[c.name]; ok && !itgContains(r.notes, n) {
			t.Errorf("%s: want the note %q, got %q", c.name, n, r.notes)
		}
		t.Logf("%s: %d finding(s), %d note(s), skip %q", c.name, len(r.errs), len(r.notes), r.skip)
		for _, e := range r.errs {
			t.Logf("  finding: %s", e)
		}
	}
}

func itgContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestLiveTierDiff pins the comparison rules on small bodies.
func TestLiveTierDiff(t *testing.T) {
	schema := itgPageSchema[struct {
		VoiceID string            `json:"voice_id"`
		Name    string            `json:"name"`
		Gender  *string           `json:"gender"`
		Extra   map[string]any    `json:"extra"`
		Tags    []string          `json:"tags"`
		Count   int               `json:"count,omitempty"`
		Labels  map[string]string `json:"labels,omitempty"`
	}]()
	sim := []byte(`{"data":[{"voice_id":"v1","name":"A","gender":"f","extra":{"k":1},"tags":["x"],"count":2}],"has_more":true,"next_token":"t"}`)
	cases := []struct {
		name        string
		live        string
		errs, notes []string
	}{
		{name: "same shape, other values", live: `{"data":[{"voice_id":"v9","name":"B","gender":null,"extra":{"k":7},"tags":[],"count":5}],"has_more":false,"next_token":null}`},
		{name: "empty live list", live: `{"data":[],"has_more":false,"next_token":null}`,
			notes: []string{"L: data: the live list is empty, so its items were not compared"}},
		{name: "required field missing and renamed", live: `{"data":[{"id":"v9","name":"B"}],"has_more":false}`,
			errs: []string{"L: data[].voice_id is missing from the live reply (our types require it; the simulator sends string)"},
			notes: []string{
				"L: data[].count is not in the live reply (optional in our types; the simulator sends number)",
				"L: data[].extra is not in the live reply (optional in our types; the simulator sends object)",
				"L: data[].gender is not in the live reply (optional in our types; the simulator sends string)",
				"L: extra field in the live reply: data[].id (string); neither the simulator nor our types have it",
				"L: data[].tags is not in the live reply (optional in our types; the simulator sends array)",
				"L: next_token is not in the live reply (optional in our types; the simulator sends string)",
			}},
		{name: "type mismatches", live: `{"data":[{"voice_id":1,"name":"B","gender":true,"extra":{"k":"one"},"tags":"x","count":"2"}],"has_more":"no","next_token":null}`,
			errs: []string{
				"L: type mismatch at data[].count: live string, the simulator sends number",
				"L: type mismatch at data[].gender: live bool, the simulator sends string",
				"L: type mismatch at data[].tags: live string, the simulator sends array",
				"L: type mismatch at data[].voice_id: live number, the simulator sends string",
				"L: type mismatch at has_more: live string, the simulator sends bool",
			},
			notes: []string{"L: type mismatch at data[].extra.k: live string, the simulator sends number (free-form in our types)"}},
		{name: "null where never null, missing in one item", live: `{"data":[{"voice_id":null,"name":"B"},{"name":"C","voice_id":"v"},{"voice_id":"v"}],"has_more":false,"next_token":null}`,
			errs: []string{
				"L: data[].name is missing from 1 of 3 live objects (our types require it)",
				"L: data[].voice_id is null 1 time(s) in the live reply; our types treat it as never null",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs, notes := itgDiff("L", sim, []byte(tc.live), schema)
			if strings.Join(errs, "\n") != strings.Join(tc.errs, "\n") {
				t.Errorf("errs:\n got %q\nwant %q", errs, tc.errs)
			}
			for _, n := range tc.notes {
				if !itgContains(notes, n) {
					t.Errorf("missing note %q in %q", n, notes)
				}
			}
		})
	}
	if _, notes := itgDiff("L", sim, bytes.Clone(sim), schema); len(notes) != 0 {
		t.Errorf("identical bodies gave notes: %q", notes)
	}
}
