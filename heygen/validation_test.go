package heygen_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// errReader fails if read: nothing should read content rejected earlier.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("read") }

func TestValidationBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	tooMany := make([]heygen.AssetInput, heygen.MaxFiles+1)
	for i := range tooMany {
		tooMany[i] = heygen.AssetFile("a")
	}
	tests := []struct {
		name  string
		param string
		call  func(ctx context.Context, c *heygen.Client) error
	}{
		{"create nil", "request", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, nil)
			return err
		}},
		{"create empty prompt", "prompt", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{})
			return err
		}},
		{"create prompt too long", "prompt", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: strings.Repeat("é", heygen.MaxPromptLen+1)})
			return err
		}},
		{"create bad mode", "mode", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p", Mode: "interactive"})
			return err
		}},
		{"create bad orientation", "orientation", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p", Orientation: "square"})
			return err
		}},
		{"create too many files", "files", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p", Files: tooMany})
			return err
		}},
		{"create zero file", "files[1]", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p", Files: []heygen.AssetInput{heygen.AssetFile("a"), {}}})
			return err
		}},
		{"create bad callback", "callback_url", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p", CallbackURL: "ftp://x"})
			return err
		}},
		{"create bad idempotency key", "idempotency_key", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "p", IdempotencyKey: "has space"})
			return err
		}},
		{"send nil", "request", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.SendMessage(ctx, "s", nil)
			return err
		}},
		{"send empty message", "message", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.SendMessage(ctx, "s", &heygen.SendMessageRequest{})
			return err
		}},
		{"send bad file", "files[0]", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.SendMessage(ctx, "s", &heygen.SendMessageRequest{Message: "m", Files: []heygen.AssetInput{heygen.Base64File("", "x")}})
			return err
		}},
		{"list limit too big", "limit", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListSessions(ctx, &heygen.ListOptions{Limit: 101})
			return err
		}},
		{"list negative limit", "limit", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListVideos(ctx, &heygen.ListVideosOptions{ListOptions: heygen.ListOptions{Limit: -1}})
			return err
		}},
		{"avatar limit above 50", "limit", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{ListOptions: heygen.ListOptions{Limit: 51}})
			return err
		}},
		{"avatar type", "avatar_type", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{AvatarType: "cartoon"})
			return err
		}},
		{"avatar ownership", "ownership", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListAvatarLooks(ctx, &heygen.ListAvatarLooksOptions{Ownership: "mine"})
			return err
		}},
		{"voice type", "type", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListVoices(ctx, &heygen.ListVoicesOptions{Type: "all"})
			return err
		}},
		{"styles limit", "limit", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.ListStyles(ctx, &heygen.ListStylesOptions{ListOptions: heygen.ListOptions{Limit: 1000}})
			return err
		}},
		{"upload empty name", "filename", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.UploadAsset(ctx, " ", errReader{})
			return err
		}},
		{"upload nil content", "file", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.UploadAsset(ctx, "a.png", nil)
			return err
		}},
		{"upload empty content", "file", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.UploadAsset(ctx, "a.png", strings.NewReader(""))
			return err
		}},
		{"upload too large", "file", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.UploadAsset(ctx, "a.bin", io.LimitReader(zeros{}, heygen.MaxAssetBytes+1))
			return err
		}},
		{"upload quote in name", "filename", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.UploadAsset(ctx, `a".png`, strings.NewReader("x"))
			return err
		}},
		{"resource id empty", "resource_id", func(ctx context.Context, c *heygen.Client) error {
			_, err := c.GetSessionResource(ctx, "sess_1", "")
			return err
		}},
	}
	// Every id-taking method rejects every bad id shape.
	badIDs := map[string]string{"empty": "", "slash": "a/b", "query": "a?b=1", "fragment": "a#b", "dotdot": "..", "dot": ".",
		"dotdot inside": "a..b", "space": "a b", "tab": "a\tb", "newline": "a\nb", "nul": "a\x00b", "del": "a\x7fb",
		"non-UTF-8": "a\xffb", "nbsp": "a\u00a0b", "backslash": `a\b`, "too long": strings.Repeat("a", 129),
		"percent": "sess%x", "non-ASCII": "séss", "plus": "a+b"}
	for label, id := range badIDs {
		tests = append(tests,
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"GetSession " + label, "session_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.GetSession(ctx, id)
				return err
			}},
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"SendMessage " + label, "session_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.SendMessage(ctx, id, &heygen.SendMessageRequest{Message: "m"})
				return err
			}},
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"StopSession " + label, "session_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.StopSession(ctx, id)
				return err
			}},
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"ListSessionVideos " + label, "session_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.ListSessionVideos(ctx, id, nil)
				return err
			}},
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"GetSessionResource " + label, "resource_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.GetSessionResource(ctx, "sess_1", id)
				return err
			}},
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"GetVideo " + label, "video_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.GetVideo(ctx, id)
				return err
			}},
			struct {
				name  string
				param string
				call  func(ctx context.Context, c *heygen.Client) error
			}{"DeleteVideo " + label, "video_id", func(ctx context.Context, c *heygen.Client) error {
				_, err := c.DeleteVideo(ctx, id)
				return err
			}},
		)
	}

	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		t.Error("no request may be sent for invalid input")
		w.WriteHeader(500)
	})
	c, _ := newTestClient(t, f)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t.Context(), c)
			var ve *heygen.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.param, ve.Param)
			assert.Contains(t, err.Error(), tc.param)
			assert.NotEmpty(t, ve.Message)
		})
	}
	assert.Empty(t, f.requests())
}

// zeros is an endless reader; it leaves p as is (ReadAll's buffer is zeroed).
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { return len(p), nil }

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opt  heygen.Option
		want string
	}{
		{"empty base", heygen.WithBaseURL(""), "empty"},
		{"relative base", heygen.WithBaseURL("api.heygen.com"), "scheme"},
		{"ftp base", heygen.WithBaseURL("ftp://api.heygen.com"), "scheme"},
		{"base with credentials", heygen.WithBaseURL("https://u:p@api.heygen.com"), "credentials"},
		{"base with query", heygen.WithBaseURL("https://api.heygen.com/?x=1"), "query"},
		{"base without host", heygen.WithBaseURL("https:///v3"), "host"},
		{"empty key", heygen.WithAPIKey(""), "empty"},
		{"key with newline", heygen.WithAPIKey("abc\n"), "whitespace"},
		{"nil http client", heygen.WithHTTPClient(nil), "nil"},
		{"empty user agent", heygen.WithUserAgent(" "), "empty"},
		{"user agent header injection", heygen.WithUserAgent("a\r\nX-Evil: 1"), "control"},
		{"negative retries", heygen.WithRetryPolicy(heygen.RetryPolicy{MaxRetries: -1}), "MaxRetries"},
		{"negative delay", heygen.WithRetryPolicy(heygen.RetryPolicy{BaseDelay: -1}), "negative"},
		{"max below base", heygen.WithRetryPolicy(heygen.RetryPolicy{BaseDelay: 2, MaxDelay: 1}), "MaxDelay"},
		{"negative timeout", heygen.WithTimeouts(-1, 0), "negative"},
		{"nil sleep", heygen.WithSleep(nil), "nil"},
		{"nil key func", heygen.WithIdempotencyKeyFunc(nil), "nil"},
		{"nil now", heygen.WithNow(nil), "nil"},
		{"nil logger", heygen.WithLogger(nil), "nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := heygen.NewClient(tc.opt)
			require.ErrorContains(t, err, tc.want)
			assert.Nil(t, c)
		})
	}
	t.Run("key never in option errors", func(t *testing.T) {
		_, err := heygen.NewClient(heygen.WithAPIKey(testKey + " "))
		require.Error(t, err)
		assert.NotContains(t, err.Error(), testKey)
	})
	t.Run("defaults and nil options", func(t *testing.T) {
		c, err := heygen.NewClient(nil)
		require.NoError(t, err)
		assert.Equal(t, "https://api.heygen.com/", c.BaseURL())
	})
	t.Run("base path kept", func(t *testing.T) {
		c, err := heygen.NewClient(heygen.WithBaseURL("http://localhost:8080/proxy/heygen"))
		require.NoError(t, err)
		assert.Equal(t, "http://localhost:8080/proxy/heygen/", c.BaseURL())
	})
}

func TestBadIdempotencyKeyFunc(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t, func(_ int, w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
	c, _ := newTestClient(t, f, heygen.WithIdempotencyKeyFunc(func() string { return "" }))
	_, err := c.CreateSession(t.Context(), &heygen.CreateSessionRequest{Prompt: "p"})
	var ve *heygen.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "idempotency_key", ve.Param)
	assert.Empty(t, f.requests())
}
