//go:build integration

package heygen_test

// Helpers of the live-API tier (integration_test.go): a RoundTripper that keeps
// the raw reply bodies, the two sides (HeyGen and the simulator, each behind a
// heygen.Client), and the field-by-field comparison of two JSON replies.
// Every identifier starts with "itg" so that nothing collides with the other
// test files of this package.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

// Environment of the tier.
const (
	// itgEnvKey is the real key; without it every live test skips and nothing is sent.
	itgEnvKey = "HEYGEN_API_KEY"
	// itgEnvSpend=1 allows the one test that creates a session (spends credits).
	itgEnvSpend = "HEYGEN_INTEGRATION_SPEND"
	// itgEnvBase replaces https://api.heygen.com; it exists to test the tier
	// itself against a local simulator, not for everyday use.
	itgEnvBase = "HEYGEN_INTEGRATION_BASE_URL"

	itgSkipNoKey = "HEYGEN_API_KEY is not set: the live-API tier needs a real key; nothing was sent"

	// itgSimKey is the simulator side's key; itgWrongKey is sent to both sides
	// for the 401 check (it is not anybody's key).
	itgSimKey   = "sk_sim_integration_side_000"
	itgWrongKey = "hgmcp_integration_wrong_key_000000000000"
	// itgMissingID is a well-formed id that names nothing, for the 404 checks.
	itgMissingID = "deadbeefdeadbeefdeadbeefdeadbeef"

	itgMaxBody = 32 << 20
)

// ---------------------------------------------------------------------------
// Capturing the raw replies

// itgExchange is one HTTP exchange as the client's transport saw it.
type itgExchange struct {
	Method, Path, Query string
	Status              int
	Body                []byte
}

func (e *itgExchange) label() string { return e.Method + " " + e.Path }

// itgCapture is a RoundTripper that keeps every reply body (and hands the
// client an identical copy) and can rewrite the query of a request made with
// a ctx from itgWithQuery: the only way to send a list parameter that the
// client's own validation would refuse (e.g. limit=101).
type itgCapture struct {
	base http.RoundTripper
	mu   sync.Mutex
	ex   []itgExchange
}

type itgQueryKey struct{}

// itgWithQuery sets (replaces) query parameters on requests made with ctx.
func itgWithQuery(ctx context.Context, kv ...string) context.Context {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return context.WithValue(ctx, itgQueryKey{}, q)
}

func (c *itgCapture) RoundTrip(req *http.Request) (*http.Response, error) {
	if q, ok := req.Context().Value(itgQueryKey{}).(url.Values); ok {
		req = req.Clone(req.Context())
		all := req.URL.Query()
		for k, v := range q {
			all[k] = v
		}
		req.URL.RawQuery = all.Encode()
	}
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, itgMaxBody))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.mu.Lock()
	c.ex = append(c.ex, itgExchange{Method: req.Method, Path: req.URL.Path, Query: req.URL.RawQuery,
		Status: resp.StatusCode, Body: body})
	c.mu.Unlock()
	return resp, nil
}

// take returns the exchanges since the last take and forgets them.
func (c *itgCapture) take() []itgExchange {
	c.mu.Lock()
	defer c.mu.Unlock()
	ex := c.ex
	c.ex = nil
	return ex
}

// ---------------------------------------------------------------------------
// The two sides

// itgSide is one API (HeyGen or the simulator) behind a heygen.Client.
type itgSide struct {
	name    string // "live" or "simulator"
	client  *heygen.Client
	capture *itgCapture
}

func itgNewSide(t testing.TB, name, baseURL, key string, retries bool) *itgSide {
	t.Helper()
	hc := heygen.NewHTTPClient()
	capt := &itgCapture{base: hc.Transport}
	hc.Transport = capt
	opts := []heygen.Option{heygen.WithBaseURL(baseURL), heygen.WithAPIKey(key), heygen.WithHTTPClient(hc)}
	if !retries {
		opts = append(opts, heygen.WithRetryPolicy(heygen.RetryPolicy{}))
	}
	c, err := heygen.NewClient(opts...)
	if err != nil {
		t.Fatalf("building the %s client: %v", name, err) // option errors never contain the key
	}
	return &itgSide{name: name, client: c, capture: capt}
}

// call runs fn and returns the last exchange it made (after retries).
func (s *itgSide) call(ctx context.Context, fn func(context.Context, *heygen.Client) error) (*itgExchange, error) {
	s.capture.take()
	err := fn(ctx, s.client)
	ex := s.capture.take()
	if len(ex) == 0 {
		return nil, err
	}
	return &ex[len(ex)-1], err
}

// itgSides is everything a check needs: both APIs, each with the good key and
// with a wrong one, and the simulator's seeded ids.
type itgSides struct {
	sim, live           *itgSide
	simWrong, liveWrong *itgSide
	seed                itgSeed
	secrets             []string // redacted from every message
}

// itgSeed are objects the simulator side holds so that its lists have items.
type itgSeed struct {
	chatSession  string // a chat session paused at reviewing, with a draft resource
	resource     string // that draft's id
	videoSession string // a generate session whose video completed
	video        string // that video
}

// itgSimServer is a simulator on a FakeClock, served by httptest.
type itgSimServer struct {
	sim *sim.Simulator
	url string
}

// itgNewSimServer starts a simulator that accepts only key; wrap (may be nil)
// sits in front of it, e.g. to plant a difference.
func itgNewSimServer(t testing.TB, key string, seed int64, wrap func(http.Handler) http.Handler) *itgSimServer {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC))
	s := sim.New(sim.WithAPIKeys(key), sim.WithClock(clock), sim.WithSeed(seed))
	var h http.Handler = s
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &itgSimServer{sim: s, url: srv.URL}
}

// itgSeedSim fills the simulator through the client: a completed video, a
// failed one, and a chat session at its storyboard review.
func itgSeedSim(ctx context.Context, srv *itgSimServer, side *itgSide) (itgSeed, error) {
	c := side.client
	var seed itgSeed
	ok, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A short clip about tidy desks.", Mode: heygen.ModeGenerate})
	if err != nil {
		return seed, err
	}
	if _, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "[[fail]] A clip that fails to render.", Mode: heygen.ModeGenerate}); err != nil {
		return seed, err
	}
	chat, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "A product walkthrough, please ask me first.", Mode: heygen.ModeChat})
	if err != nil {
		return seed, err
	}
	srv.sim.Advance(time.Hour) // generate sessions finish; the chat session asks its question
	if _, err := c.SendMessage(ctx, chat.SessionID, &heygen.SendMessageRequest{Message: "The first voice, please."}); err != nil {
		return seed, err
	}
	srv.sim.Advance(time.Hour) // the chat session shows its storyboard draft
	gen, err := c.GetSession(ctx, ok.SessionID)
	if err != nil {
		return seed, err
	}
	if gen.VideoID == nil {
		return seed, errors.New("seeded generate session has no video")
	}
	cs, err := c.GetSession(ctx, chat.SessionID)
	if err != nil {
		return seed, err
	}
	for _, m := range cs.Messages {
		if len(m.ResourceIDs) > 0 {
			seed.resource = m.ResourceIDs[0]
			break
		}
	}
	if seed.resource == "" {
		return seed, fmt.Errorf("seeded chat session (status %s) has no resource", cs.Status)
	}
	seed.chatSession, seed.videoSession, seed.video = chat.SessionID, ok.SessionID, *gen.VideoID
	side.capture.take()
	return seed, nil
}

// itgNewSides builds the simulator side (seeded) next to the given live base
// URL and key.
func itgNewSides(t testing.TB, liveBase, liveKey string, liveRetries bool) *itgSides {
	t.Helper()
	srv := itgNewSimServer(t, itgSimKey, 1, nil)
	s := &itgSides{
		sim:       itgNewSide(t, "simulator", srv.url, itgSimKey, false),
		simWrong:  itgNewSide(t, "simulator", srv.url, itgWrongKey, false),
		live:      itgNewSide(t, "live", liveBase, liveKey, liveRetries),
		liveWrong: itgNewSide(t, "live", liveBase, itgWrongKey, liveRetries),
		secrets:   []string{liveKey},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	seed, err := itgSeedSim(ctx, srv, s.sim)
	if err != nil {
		t.Fatalf("seeding the simulator side: %v", err)
	}
	s.seed = seed
	return s
}

// ---------------------------------------------------------------------------
// Findings

// itgReport collects what one check found; the test reports it (Errorf for
// errs, Logf for notes), the self-check inspects it.
type itgReport struct {
	errs, notes []string
	skip        string
	// param400 is set when the live side answered 400 with error.param.
	param400 bool
}

func (r *itgReport) errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *itgReport) notef(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func (r *itgReport) skipf(format string, args ...any) { r.skip = fmt.Sprintf(format, args...) }

// itgCheck is one comparison of the tier.
type itgCheck struct {
	name string
	run  func(ctx context.Context, r *itgReport, s *itgSides)
}

// itgRun runs one check on t: notes with t.Log, findings with t.Error, then
// the skip (if any and nothing failed). The live key is redacted from all text.
func itgRun(t *testing.T, s *itgSides, c itgCheck) *itgReport {
	t.Helper()
	r := itgExec(s, c)
	for _, n := range r.notes {
		t.Log(n)
	}
	for _, e := range r.errs {
		t.Error(e)
	}
	if r.skip != "" && len(r.errs) == 0 {
		t.Skip(r.skip)
	}
	return r
}

func itgExec(s *itgSides, c itgCheck) *itgReport {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	r := &itgReport{}
	c.run(ctx, r, s)
	redact := func(v string) string {
		for _, k := range s.secrets {
			if k != "" {
				v = strings.ReplaceAll(v, k, "[redacted]")
			}
		}
		return v
	}
	for i := range r.errs {
		r.errs[i] = redact(r.errs[i])
	}
	for i := range r.notes {
		r.notes[i] = redact(r.notes[i])
	}
	r.skip = redact(r.skip)
	return r
}

// itgSame runs the same call on both sides and compares the two 2xx bodies
// against the wire type's schema. It returns false when either side failed
// (already reported).
func itgSame(ctx context.Context, r *itgReport, s *itgSides, schema itgSchema,
	simCall, liveCall func(context.Context, *heygen.Client) error) bool {
	simEx, simErr := s.sim.call(ctx, simCall)
	if simErr != nil || simEx == nil {
		r.errorf("the simulator side failed (a bug in the tier or the simulator): %v", simErr)
		return false
	}
	liveEx, liveErr := s.live.call(ctx, liveCall)
	// A 2xx the client could not decode is compared all the same: the
	// differences say why it failed.
	var undecodable *heygen.ReplyError
	if liveEx == nil || (liveErr != nil && !errors.As(liveErr, &undecodable)) {
		r.errorf("%s: the live call failed where the simulator answered %d: %v", simEx.label(), simEx.Status, liveErr)
		return false
	}
	if liveEx.Status != simEx.Status {
		r.errorf("%s: HTTP status: live %d, simulator %d", liveEx.label(), liveEx.Status, simEx.Status)
	}
	errs, notes := itgDiff(liveEx.label(), simEx.Body, liveEx.Body, schema)
	r.errs = append(r.errs, errs...)
	r.notes = append(r.notes, notes...)
	if undecodable != nil {
		r.errorf("%s: heygen.Client cannot decode the live reply: %s", liveEx.label(), undecodable.Detail)
		return false
	}
	return true
}

// itgDiscoveryFailed turns a failed look-up of the live account's objects into
// a skip when the client could not decode the list (the list's own check
// reports why), and into a finding otherwise.
func itgDiscoveryFailed(r *itgReport, what string, err error) {
	var undecodable *heygen.ReplyError
	if errors.As(err, &undecodable) {
		r.skipf("cannot %s: the client cannot decode the live list (its own check shows why)", what)
		return
	}
	r.errorf("cannot %s: %v", what, err)
}

// itgSameError runs a call that should fail on both sides and compares status,
// error code and the error body's shape.
func itgSameError(ctx context.Context, r *itgReport, simSide, liveSide *itgSide,
	call func(context.Context, *heygen.Client) error) (simAPI, liveAPI *heygen.APIError) {
	simEx, simErr := simSide.call(ctx, call)
	if !errors.As(simErr, &simAPI) || simEx == nil {
		r.errorf("the simulator side did not answer with an API error (a bug in the tier or the simulator): %v", simErr)
		return nil, nil
	}
	liveEx, liveErr := liveSide.call(ctx, call)
	if liveEx == nil {
		r.errorf("%s: no live reply: %v", simEx.label(), liveErr)
		return simAPI, nil
	}
	if !errors.As(liveErr, &liveAPI) {
		r.errorf("%s: the simulator answers %d %s; the live API answered %d without an error (client result: %v)",
			simEx.label(), simEx.Status, simAPI.Code, liveEx.Status, liveErr)
		return simAPI, nil
	}
	label := liveEx.label()
	if liveEx.Query != "" {
		label += "?" + liveEx.Query
	}
	if liveEx.Status != simEx.Status {
		r.errorf("%s: HTTP status: live %d, simulator %d", label, liveEx.Status, simEx.Status)
	}
	if liveAPI.Code != simAPI.Code {
		r.notef("%s: error.code differs (a value, not a shape): live %q, simulator %q", label, liveAPI.Code, simAPI.Code)
	}
	if liveAPI.Param != simAPI.Param {
		r.notef("%s: error.param differs: live %q, simulator %q", label, liveAPI.Param, simAPI.Param)
	}
	r.notef("%s: live answered %d code=%q param=%q request_id=%q message=%q", label, liveEx.Status,
		liveAPI.Code, liveAPI.Param, liveAPI.RequestID, itgCut(liveAPI.Message, 200))
	if liveAPI.Body != "" {
		r.errorf("%s: the live error body is not HeyGen's documented error JSON: %q", label, itgCut(liveAPI.Body, 200))
		return simAPI, liveAPI
	}
	errs, notes := itgDiff(label, simEx.Body, liveEx.Body, itgSchemaFor[itgErrorReply]())
	r.errs = append(r.errs, errs...)
	r.notes = append(r.notes, notes...)
	return simAPI, liveAPI
}

func itgCut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// ---------------------------------------------------------------------------
// Our picture of the wire, from the Go types

// itgData is the single-object envelope {"data": {...}}.
type itgData[T any] struct {
	Data T `json:"data"`
}

// itgErrorReply is HeyGen's error envelope: param only on
// field-validation errors, doc_url optional.
type itgErrorReply struct {
	Error struct {
		Code    string  `json:"code"`
		Message string  `json:"message"`
		Param   *string `json:"param,omitempty"`
		DocURL  *string `json:"doc_url,omitempty"`
	} `json:"error"`
}

// itgField is what our types say about one JSON path.
type itgField struct {
	kind     string // "string", "number", "bool", "array", "object"; "" = any
	required bool   // non-pointer scalar without omitempty: always present, never null
	nullable bool   // pointer, slice, map or interface
}

// itgSchema maps JSON paths ("data[].voice_id") to what our types say;
// freeForm lists paths whose content our types keep as map[string]any.
type itgSchema struct {
	fields   map[string]itgField
	freeForm []string
}

// itgSchemaFor reads the schema off a wire type by reflection, so the tier
// checks exactly what types.go promises.
func itgSchemaFor[T any]() itgSchema {
	s := itgSchema{fields: map[string]itgField{}}
	s.child("", reflect.TypeFor[T]())
	return s
}

// itgPageSchema is the schema of a list reply: data is always there.
func itgPageSchema[T any]() itgSchema {
	s := itgSchemaFor[heygen.Page[T]]()
	f := s.fields["data"]
	f.required = true
	s.fields["data"] = f
	return s
}

// optional marks a path optional where HeyGen documents it so although our Go
// type is a plain scalar (e.g. session progress, "default 0").
func (s itgSchema) optional(path string) itgSchema {
	if f, ok := s.fields[path]; ok {
		f.required = false
		s.fields[path] = f
	}
	return s
}

func (s *itgSchema) child(path string, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		s.structFields(path, t)
	case reflect.Slice, reflect.Array:
		el := t.Elem()
		s.fields[path+"[]"] = itgField{kind: itgGoKind(el), nullable: itgGoNullable(el)}
		s.child(path+"[]", el)
	case reflect.Map:
		s.freeForm = append(s.freeForm, path)
	}
}

func (s *itgSchema) structFields(path string, t reflect.Type) {
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if sf.Anonymous && name == "" {
			s.child(path, sf.Type) // promoted fields, as encoding/json does
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		p := itgJoin(path, name)
		f := itgField{kind: itgGoKind(sf.Type), nullable: itgGoNullable(sf.Type)}
		f.required = !f.nullable && !slices.Contains(strings.Split(opts, ","), "omitempty")
		s.fields[p] = f
		s.child(p, sf.Type)
	}
}

func (s itgSchema) free(path string) bool {
	for _, fp := range s.freeForm {
		if strings.HasPrefix(path, fp+".") || strings.HasPrefix(path, fp+"[") {
			return true
		}
	}
	return false
}

func itgGoKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return ""
}

func itgGoNullable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// ---------------------------------------------------------------------------
// The shape of a JSON reply and the comparison

// itgShape is every path of a JSON document with the kinds seen there
// (array items merged under "[]") and how many containers each path holds.
type itgShape struct {
	kinds      map[string]map[string]int
	containers map[string]int
}

func itgShapeOf(body []byte) (itgShape, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return itgShape{}, err
	}
	s := itgShape{kinds: map[string]map[string]int{}, containers: map[string]int{}}
	s.walk("", v)
	return s, nil
}

func (s itgShape) walk(path string, v any) {
	switch x := v.(type) {
	case map[string]any:
		s.containers[path]++
		for k, c := range x {
			s.add(itgJoin(path, k), c)
		}
	case []any:
		s.containers[path]++
		for _, c := range x {
			s.add(path+"[]", c)
		}
	}
}

func (s itgShape) add(path string, v any) {
	if s.kinds[path] == nil {
		s.kinds[path] = map[string]int{}
	}
	s.kinds[path][itgKind(v)]++
	s.walk(path, v)
}

func (s itgShape) count(path string) int {
	n := 0
	for _, c := range s.kinds[path] {
		n += c
	}
	return n
}

// nonNull lists the kinds other than null seen at path, sorted.
func (s itgShape) nonNull(path string) []string {
	var out []string
	for k := range s.kinds[path] {
		if k != "null" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func itgKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func itgJoin(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func itgParent(p string) string {
	if q, ok := strings.CutSuffix(p, "[]"); ok {
		return q
	}
	if i := strings.LastIndex(p, "."); i >= 0 {
		return p[:i]
	}
	return ""
}

func itgUnder(p string, cut []string) bool {
	for _, c := range cut {
		if strings.HasPrefix(p, c+".") || strings.HasPrefix(p, c+"[") {
			return true
		}
	}
	return false
}

func itgDescribe(kinds map[string]int) string {
	ks := make([]string, 0, len(kinds))
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "|")
}

// itgDiff compares the live reply with the simulator's, path by path. errs are
// where our picture is wrong in a way that matters: a type mismatch, a field
// our types require that the live reply lacks (or sends as null). notes are
// the rest: extra live fields (HeyGen may add fields), optional fields absent,
// empty lists, differences inside free-form objects.
func itgDiff(label string, simBody, liveBody []byte, schema itgSchema) (errs, notes []string) {
	simS, err := itgShapeOf(simBody)
	if err != nil {
		return []string{fmt.Sprintf("%s: the simulator's reply is not JSON: %v", label, err)}, nil
	}
	liveS, err := itgShapeOf(liveBody)
	if err != nil {
		return []string{fmt.Sprintf("%s: the live reply is not JSON: %v (body starts %q)", label, err, itgCut(string(liveBody), 120))}, nil
	}
	set := map[string]bool{}
	for p := range simS.kinds {
		set[p] = true
	}
	for p := range liveS.kinds {
		set[p] = true
	}
	paths := make([]string, 0, len(set))
	for p := range set {
		paths = append(paths, p)
	}
	sort.Strings(paths) // a parent sorts before its children
	var cut []string
	for _, p := range paths {
		if itgUnder(p, cut) {
			continue
		}
		parent := itgParent(p)
		if simS.containers[parent] == 0 || liveS.containers[parent] == 0 {
			continue // the parent itself was reported
		}
		f, known := schema.fields[p]
		free := schema.free(p)
		simN, liveN := simS.count(p), liveS.count(p)
		item := strings.HasSuffix(p, "[]")
		switch {
		case liveN == 0:
			cut = append(cut, p)
			switch {
			case item:
				notes = append(notes, fmt.Sprintf("%s: %s: the live list is empty, so its items were not compared", label, parent))
			case known && f.required && !free:
				errs = append(errs, fmt.Sprintf("%s: %s is missing from the live reply (our types require it; the simulator sends %s)",
					label, p, itgDescribe(simS.kinds[p])))
			default:
				notes = append(notes, fmt.Sprintf("%s: %s is not in the live reply (optional in our types; the simulator sends %s)",
					label, p, itgDescribe(simS.kinds[p])))
			}
		case simN == 0:
			cut = append(cut, p)
			if item {
				notes = append(notes, fmt.Sprintf("%s: %s: the simulator's list is empty, so live items were not compared", label, parent))
			} else {
				notes = append(notes, fmt.Sprintf("%s: extra field in the live reply: %s (%s); neither the simulator nor our types have it",
					label, p, itgDescribe(liveS.kinds[p])))
			}
		default:
			liveK, want, src := liveS.nonNull(p), simS.nonNull(p), "the simulator sends"
			if len(want) == 0 && known && f.kind != "" {
				want, src = []string{f.kind}, "our types expect"
			}
			var bad []string
			for _, k := range liveK {
				if !slices.Contains(want, k) {
					bad = append(bad, k)
				}
			}
			switch {
			case len(want) > 0 && len(bad) > 0:
				msg := fmt.Sprintf("%s: type mismatch at %s: live %s, %s %s", label, p,
					strings.Join(bad, "|"), src, strings.Join(want, "|"))
				if free {
					notes = append(notes, msg+" (free-form in our types)")
				} else {
					errs = append(errs, msg)
				}
				cut = append(cut, p)
				continue
			case len(want) == 0 && len(liveK) > 0:
				notes = append(notes, fmt.Sprintf("%s: %s is %s in the live reply; the simulator only sends null and our types do not say",
					label, p, strings.Join(liveK, "|")))
			}
			if n := liveS.kinds[p]["null"]; n > 0 && known && !f.nullable && !free && !item {
				msg := fmt.Sprintf("%s: %s is null %d time(s) in the live reply; our types treat it as never null", label, p, n)
				if f.required {
					errs = append(errs, msg)
				} else {
					notes = append(notes, msg)
				}
			}
			if known && f.required && !free && !item && liveN < liveS.containers[parent] {
				errs = append(errs, fmt.Sprintf("%s: %s is missing from %d of %d live objects (our types require it)",
					label, p, liveS.containers[parent]-liveN, liveS.containers[parent]))
			}
		}
	}
	return errs, notes
}
