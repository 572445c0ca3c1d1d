package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

type received struct {
	body      []byte
	signature string
}

// callbackSink is a receiver for callback deliveries.
func callbackSink(t *testing.T) (*httptest.Server, func() []received) {
	t.Helper()
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{body: b, signature: r.Header.Get("Signature")})
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received {
		mu.Lock()
		defer mu.Unlock()
		return append([]received{}, got...)
	}
}

func TestCallbacksSignedOnTerminalStates(t *testing.T) {
	sink, got := callbackSink(t)
	h := newHarness(t, WithCallbackClient(sink.Client()), WithWebhookSecret("whsec_test"))
	ok := h.create(keyA, map[string]any{"prompt": "notify me", "callback_url": sink.URL + "/hook?token=t", "callback_id": "cb-ok"})
	bad := h.create(keyA, map[string]any{"prompt": "notify failure [[fail]]", "callback_url": sink.URL + "/hook", "callback_id": "cb-bad"})
	h.create(keyA, map[string]any{"prompt": "no callback"})

	h.sim.Advance(10 * time.Second)
	assert.Empty(t, got(), "nothing before a terminal state")
	h.sim.Advance(time.Hour) // Advance delivers synchronously
	deliveries := got()
	require.Len(t, deliveries, 2)

	events := map[string]heygen.WebhookEvent{}
	for _, d := range deliveries {
		assert.Equal(t, Sign("whsec_test", d.body), d.signature)
		var ev heygen.WebhookEvent
		require.NoError(t, json.Unmarshal(d.body, &ev))
		events[ev.EventData.CallbackID] = ev
	}
	okVideo := *h.session(keyA, ok.SessionID).VideoID
	assert.Equal(t, heygen.EventVideoAgentSuccess, events["cb-ok"].EventType)
	assert.Equal(t, ok.SessionID, events["cb-ok"].EventData.SessionID)
	assert.Equal(t, okVideo, events["cb-ok"].EventData.VideoID)
	assert.Equal(t, *h.video(keyA, okVideo).VideoURL, events["cb-ok"].EventData.URL)
	assert.Equal(t, heygen.EventVideoAgentFail, events["cb-bad"].EventType)
	assert.Equal(t, bad.SessionID, events["cb-bad"].EventData.SessionID)
	assert.NotEmpty(t, events["cb-bad"].EventData.VideoID)

	h.sim.Advance(time.Hour)
	assert.Len(t, got(), 2, "each terminal state is delivered once")
}

func TestCallbacksUnsignedWithoutSecret(t *testing.T) {
	sink, got := callbackSink(t)
	h := newHarness(t, WithCallbackClient(sink.Client()))
	h.create(keyA, map[string]any{"prompt": "x", "callback_url": sink.URL})
	h.sim.Advance(time.Hour)
	require.Len(t, got(), 1)
	assert.Empty(t, got()[0].signature)
}

func TestSignIsHMACSHA256Hex(t *testing.T) {
	// RFC 4231 test case 2.
	assert.Equal(t, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		Sign("Jefe", []byte("what do ya want for nothing?")))
}

func multipartFile(t *testing.T, field, name string, content []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	require.NoError(t, err)
	_, err = fw.Write(content)
	require.NoError(t, err)
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

func TestUploadAsset(t *testing.T) {
	h := newHarness(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	pdf := []byte("%PDF-1.4\n...")
	srt := []byte("1\n00:00:01,000 --> 00:00:02,000\nHello\n")
	for name, tc := range map[string]struct {
		file    string
		content []byte
		mime    string
	}{
		"png": {"a.png", png, "image/png"},
		"pdf": {"doc.pdf", pdf, "application/pdf"},
		"srt": {"subs.srt", srt, "application/x-subrip"},
	} {
		t.Run(name, func(t *testing.T) {
			ct, body := multipartFile(t, "file", tc.file, tc.content)
			a := data[heygen.Asset](t, h.do(http.MethodPost, "/v3/assets", keyA, body, "Content-Type", ct))
			assert.Equal(t, tc.mime, a.MimeType)
			assert.Equal(t, int64(len(tc.content)), a.SizeBytes)
			assert.NotEmpty(t, a.AssetID)
			assert.NotEmpty(t, a.URL)
		})
	}
	for name, tc := range map[string]struct {
		field, file string
		content     []byte
	}{
		"html":          {"file", "page.png", []byte("<!DOCTYPE html><html></html>")},
		"text not srt":  {"file", "notes.srt", []byte("just some notes")},
		"wrong field":   {"upload", "a.png", png},
		"empty file":    {"file", "a.png", nil},
		"named png, is": {"file", "a.png", []byte("GIF89a......")},
	} {
		t.Run(name, func(t *testing.T) {
			ct, body := multipartFile(t, tc.field, tc.file, tc.content)
			e := apiError(t, h.do(http.MethodPost, "/v3/assets", keyA, body, "Content-Type", ct), http.StatusBadRequest)
			assert.Equal(t, "file", e.Param)
		})
	}
	e := apiError(t, h.do(http.MethodPost, "/v3/assets", keyA, `{"file":"x"}`, "Content-Type", "application/json"), http.StatusBadRequest)
	assert.Equal(t, "file", e.Param)

	t.Run("too large", func(t *testing.T) {
		if testing.Short() {
			t.Skip("moves 32 MB, slow under -race")
		}
		ct, body := multipartFile(t, "file", "big.mp4", make([]byte, heygen.MaxAssetBytes+1))
		e := apiError(t, h.do(http.MethodPost, "/v3/assets", keyA, body, "Content-Type", ct), http.StatusRequestEntityTooLarge)
		assert.Equal(t, "payload_too_large", e.Code)
	})
}

func TestRequestsAreRecordedWithoutCredentials(t *testing.T) {
	h := newHarness(t)
	h.do(http.MethodGet, "/v3/voices?limit=2", keyA, nil)
	h.do(http.MethodPost, "/v3/video-agents", "", map[string]any{"prompt": "p"}, "Authorization", "Bearer secret-bearer")
	reqs := h.sim.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodGet, reqs[0].Method)
	assert.Equal(t, "/v3/voices", reqs[0].Path)
	assert.Equal(t, "2", reqs[0].Query.Get("limit"))
	assert.Equal(t, "set", reqs[0].Header.Get("X-Api-Key"))
	assert.Equal(t, "set", reqs[1].Header.Get("Authorization"))
	assert.JSONEq(t, `{"prompt":"p"}`, string(reqs[1].Body))
	assert.Equal(t, epoch, reqs[0].Time)
	for _, r := range reqs {
		dump, _ := json.Marshal(r)
		assert.NotContains(t, string(dump), keyA)
		assert.NotContains(t, string(dump), "secret-bearer")
	}
	assert.Equal(t, 1, h.sim.RequestCount(http.MethodPost, "/v3/video-agents"))
	assert.Equal(t, 2, h.sim.RequestCount("", "/v3/"))
	assert.Equal(t, 0, h.sim.RequestCount(http.MethodDelete, "/v3/"))
	h.sim.ResetRequests()
	assert.Empty(t, h.sim.Requests())
}

func TestTimingsScale(t *testing.T) {
	d := DefaultTimings()
	assert.Equal(t, 390*time.Second, d.total(), "a generate-mode video takes 6.5 minutes")
	s := d.Scale(15)
	assert.Equal(t, 26*time.Second, s.total())
	assert.Equal(t, d.Rendering/15, s.Rendering)
	assert.Equal(t, d, d.Scale(0), "non-positive factors are ignored")
	assert.Equal(t, time.Millisecond, d.Scale(1e12).Queued, "floored at a millisecond")
}

func TestConcurrentUseIsRaceFree(t *testing.T) {
	h := newHarness(t, WithMaxConcurrentJobs(1000))
	srv := httptest.NewServer(h.sim)
	defer srv.Close()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []string{keyA, keyB}[w%2]
			for range 20 {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v3/video-agents", strings.NewReader(`{"prompt":"race","mode":"chat"}`))
				req.Header.Set("X-Api-Key", key)
				resp, err := srv.Client().Do(req)
				if !assert.NoError(t, err) {
					return
				}
				var env struct{ Data heygen.CreateSessionResponse }
				assert.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
				resp.Body.Close()
				for _, p := range []string{"/v3/video-agents/" + env.Data.SessionID, "/v3/video-agents", "/v3/videos"} {
					req, _ := http.NewRequest(http.MethodGet, srv.URL+p, nil)
					req.Header.Set("X-Api-Key", key)
					resp, err := srv.Client().Do(req)
					if assert.NoError(t, err) {
						assert.Equal(t, http.StatusOK, resp.StatusCode)
						resp.Body.Close()
					}
				}
				req, _ = http.NewRequest(http.MethodPost, srv.URL+"/v3/video-agents/"+env.Data.SessionID,
					strings.NewReader(`{"message":"go"}`))
				req.Header.Set("X-Api-Key", key)
				if resp, err := srv.Client().Do(req); assert.NoError(t, err) {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 100 {
			h.sim.Advance(time.Second)
			_ = h.sim.Requests()
		}
	}()
	wg.Wait()
	h.sim.Advance(time.Hour)
	assert.Len(t, page[heygen.SessionSummary](t, h.do(http.MethodGet, "/v3/video-agents?limit=100", keyA, nil)).Data, 80)
}

func TestStartRunsInRealTime(t *testing.T) {
	sink, got := callbackSink(t)
	s := New(WithTimings(Timings{Thinking: time.Millisecond, Replying: time.Millisecond, Queued: time.Millisecond,
		Rendering: time.Millisecond, RetryAfter: time.Second}), WithCallbackClient(sink.Client()))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.Start(ctx)
	req := httptest.NewRequest(http.MethodPost, "/v3/video-agents", strings.NewReader(`{"prompt":"real time","callback_url":"`+sink.URL+`"}`))
	req.Header.Set("X-Api-Key", keyA)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)
	// Liveness only: the ticker delivers the callback without any request.
	require.Eventually(t, func() bool { return len(got()) == 1 }, 30*time.Second, 10*time.Millisecond)
	var ev heygen.WebhookEvent
	require.NoError(t, json.Unmarshal(got()[0].body, &ev))
	assert.Equal(t, heygen.EventVideoAgentSuccess, ev.EventType)
	cancel() // goleak in TestMain proves the ticker stops
}

func TestOversizedBodyRefusedUnread(t *testing.T) {
	h := newHarness(t)
	req := httptest.NewRequest(http.MethodPost, "/v3/assets", strings.NewReader("tiny"))
	req.ContentLength = maxRequestBody + 1
	req.Header.Set("X-Api-Key", keyA)
	rec := httptest.NewRecorder()
	h.sim.ServeHTTP(rec, req)
	e := apiError(t, result{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}, http.StatusRequestEntityTooLarge)
	assert.Equal(t, "payload_too_large", e.Code)
}
