package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequests feeds arbitrary bodies and paths to the JSON routes: the
// simulator must answer with a status and, for errors, HeyGen's error shape;
// never panic.
func FuzzRequests(f *testing.F) {
	f.Add("/v3/video-agents", `{"prompt":"p","mode":"chat","files":[{"type":"base64","media_type":"image/png","data":"aGk="}]}`)
	f.Add("/v3/video-agents", `{"prompt":null,"files":[null,1,{"type":"url"}]}`)
	f.Add("/v3/video-agents/sess_x", `{"message":"hi"}`)
	f.Add("/v3/video-agents", `[`)
	f.Add("/v3/videos?limit=5&token=eyJsaXN0IjoidmlkZW9zIn0", ``)
	f.Fuzz(func(t *testing.T, path, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") {
			return
		}
		s := New(WithClock(NewFakeClock(epoch)), WithSeed(1))
		for _, method := range []string{http.MethodPost, http.MethodGet} {
			req := httptest.NewRequest(method, "/", strings.NewReader(body))
			req.URL.Path, req.URL.RawQuery, _ = strings.Cut(path, "?")
			req.Header.Set("X-Api-Key", "k")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code >= 400 {
				var e errorBody
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
					t.Fatalf("%s %s -> %d with body %q", method, path, rec.Code, rec.Body.String())
				}
			}
		}
		s.Advance(24 * 3600e9)
	})
}
