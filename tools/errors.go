package tools

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

// ErrorMetaKey is the result _meta key that carries a failed call's ErrorInfo.
// The prefix is the server's registry namespace (server.json), as MCP asks of
// _meta keys that are not the protocol's own.
const ErrorMetaKey = "io.github.heygen-mcp/error"

// ErrorInfo describes a failed tool call in stable snake_case fields a program
// can branch on. It travels in the result's _meta under ErrorMetaKey and, as a
// "Details:" line, in the text the model reads.
//
// It is deliberately not structuredContent: every tool declares an output
// schema for its success shape, and the official TypeScript SDK client (Claude
// Desktop, Claude Code) validates structuredContent against it even on isError
// results, so an error object there turned every tool error into a -32602.
type ErrorInfo struct {
	// Kind is one of: invalid_argument, no_api_key, heygen_api, heygen_unreachable,
	// heygen_bad_reply, internal.
	Kind              string `json:"kind"`
	Message           string `json:"message"`
	HTTPStatus        int    `json:"http_status,omitempty"`
	Code              string `json:"code,omitempty"`
	Param             string `json:"param,omitempty"`
	DocURL            string `json:"doc_url,omitempty"`
	RequestID         string `json:"request_id,omitempty"`
	RetryAfterSeconds int    `json:"retry_after_seconds,omitempty"`
	// SafeToRetry says whether repeating the same call cannot duplicate work.
	SafeToRetry bool `json:"safe_to_retry"`
	// Sent is false when the call was rejected before any request to HeyGen.
	Sent bool `json:"sent_to_heygen"`
}

// detailsLine renders the facts a model may act on as one last line of the
// error text (the message itself is already in the text above it).
func (e ErrorInfo) detailsLine() string {
	parts := []string{"kind=" + e.Kind}
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+oneLine(v))
		}
	}
	if e.HTTPStatus != 0 {
		add("http_status", strconv.Itoa(e.HTTPStatus))
	}
	add("code", e.Code)
	add("param", e.Param)
	add("request_id", e.RequestID)
	if e.RetryAfterSeconds > 0 {
		add("retry_after_seconds", strconv.Itoa(e.RetryAfterSeconds))
	}
	add("safe_to_retry", strconv.FormatBool(e.SafeToRetry))
	add("sent_to_heygen", strconv.FormatBool(e.Sent))
	return "Details: " + strings.Join(parts, ", ")
}

// ErrorInfoOf returns the ErrorInfo of an isError result built by this
// package, whether it came straight from a handler or back over the wire.
func ErrorInfoOf(res *mcp.CallToolResult) (ErrorInfo, bool) {
	if res == nil || !res.IsError || res.Meta == nil {
		return ErrorInfo{}, false
	}
	v, ok := res.Meta.AdditionalFields[ErrorMetaKey]
	if !ok {
		return ErrorInfo{}, false
	}
	if info, ok := v.(ErrorInfo); ok {
		return info, true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ErrorInfo{}, false
	}
	var info ErrorInfo
	if json.Unmarshal(b, &info) != nil || info.Kind == "" {
		return ErrorInfo{}, false
	}
	return info, true
}

// retryAdviceError attaches tool-specific advice to a failure whose outcome
// at HeyGen is unknown (a create that may or may not have happened).
type retryAdviceError struct {
	err    error
	advice string
}

func (e *retryAdviceError) Error() string { return e.err.Error() }
func (e *retryAdviceError) Unwrap() error { return e.err }

// notFoundAdvice adds where valid ids come from (advice) to a not-found
// error; any other error is returned as it is.
func notFoundAdvice(err error, advice string) error {
	if heygen.IsNotFound(err) {
		return &retryAdviceError{err: err, advice: advice}
	}
	return err
}

// errorResult is the one place a handler error becomes an isError result.
func errorResult(err error) *mcp.CallToolResult {
	info, text := describeError(err)
	return &mcp.CallToolResult{
		Result:  mcp.Result{Meta: &mcp.Meta{AdditionalFields: map[string]any{ErrorMetaKey: info}}},
		Content: []mcp.Content{mcp.NewTextContent(text + "\n" + info.detailsLine())},
		IsError: true,
	}
}

func describeError(err error) (ErrorInfo, string) {
	var (
		argE    *ArgumentError
		valE    *heygen.ValidationError
		apiE    *heygen.APIError
		transE  *heygen.TransportError
		replyE  *heygen.ReplyError
		adviceE *retryAdviceError
	)
	advice := ""
	if errors.As(err, &adviceE) {
		advice = adviceE.advice
	}
	switch {
	case errors.Is(err, creds.ErrNoAPIKey):
		msg := creds.ErrNoAPIKey.Error()
		if kr := (*creds.KeyRequiredError)(nil); errors.As(err, &kr) {
			msg = kr.Msg
		}
		return ErrorInfo{Kind: "no_api_key", Message: msg}, msg

	case errors.As(err, &argE):
		if argE.AfterRead {
			return ErrorInfo{Kind: "invalid_argument", Message: argE.Message, Param: argE.Field, SafeToRetry: true, Sent: true},
				argE.Error() + ". Nothing was changed at HeyGen."
		}
		text := argE.Error() + ". Nothing was sent to HeyGen; fix the argument and call again."
		return ErrorInfo{Kind: "invalid_argument", Message: argE.Message, Param: argE.Field}, text

	case errors.As(err, &valE):
		text := fmt.Sprintf("invalid argument %q: %s. Nothing was sent to HeyGen; fix the argument and call again.", valE.Param, valE.Message)
		return ErrorInfo{Kind: "invalid_argument", Message: valE.Message, Param: valE.Param}, text

	case errors.As(err, &apiE):
		return describeAPIError(apiE, advice)

	case errors.As(err, &replyE):
		// A 2xx was answered: a read can be repeated, a change was probably made.
		read := replyE.Method == http.MethodGet
		info := ErrorInfo{Kind: "heygen_bad_reply", Message: replyE.Detail, SafeToRetry: advice == "" && read, Sent: true}
		text := fmt.Sprintf("HeyGen answered %s %s with a reply that could not be read (decode reply: %s; body %q); "+
			"this is usually a proxy or a passing fault.", replyE.Method, replyE.Path, replyE.Detail, replyE.Body)
		switch {
		case advice != "":
			return info, text + " " + advice
		case read:
			return info, text + " Retrying is safe: try again in a minute."
		}
		return info, text + " HeyGen answered with success, so the change was probably applied: check with get_session before repeating it."

	case errors.As(err, &transE):
		info := ErrorInfo{Kind: "heygen_unreachable", Message: transE.Err.Error(),
			SafeToRetry: transE.NotSent || (transE.SafeToRetry && advice == ""), Sent: !transE.NotSent}
		var b strings.Builder
		fmt.Fprintf(&b, "HeyGen could not be reached (%s %s: %v).", transE.Method, transE.Path, transE.Err)
		switch {
		case transE.NotSent:
			b.WriteString(" The request never reached HeyGen, so nothing happened there and retrying is safe: check the network (or HEYGEN_BASE_URL) and try again in a minute.")
		case advice != "":
			b.WriteString(" " + advice)
		case transE.SafeToRetry:
			b.WriteString(" Retrying is safe: this call changes nothing or cannot run twice. Try again in a minute.")
		default:
			b.WriteString(" Retrying is NOT known to be safe: the request may have reached HeyGen. Check the session with get_session before repeating it.")
		}
		return info, b.String()

	default:
		return ErrorInfo{Kind: "internal", Message: err.Error()}, "The tool failed: " + err.Error()
	}
}

func describeAPIError(e *heygen.APIError, advice string) (ErrorInfo, string) {
	info := ErrorInfo{
		Kind:       "heygen_api",
		Message:    e.Message,
		HTTPStatus: e.StatusCode,
		Code:       e.Code,
		Param:      e.Param,
		DocURL:     e.DocURL,
		RequestID:  e.RequestID,
		Sent:       true,
	}
	if info.Message == "" {
		info.Message = e.Body
	}
	var b strings.Builder
	fmt.Fprintf(&b, "HeyGen returned HTTP %d", e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		fmt.Fprintf(&b, " %s", t)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (code %s)", e.Code)
	}
	if info.Message != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimRight(info.Message, ". "))
	}
	b.WriteString(".")
	if e.Param != "" {
		fmt.Fprintf(&b, " Field: %s.", e.Param)
	}

	switch {
	case errors.Is(e, heygen.ErrRateLimited):
		secs := int(math.Ceil(e.RetryAfter.Seconds()))
		if secs > 0 {
			info.RetryAfterSeconds = secs
			fmt.Fprintf(&b, " Rate limited: wait %s, then retry.", plural(secs, "second"))
		} else {
			b.WriteString(" Rate limited: wait about a minute, then retry.")
		}
		// 429 means HeyGen rejected the request without starting work.
		info.SafeToRetry = true
	case errors.Is(e, heygen.ErrUnauthorized):
		b.WriteString(" The HeyGen API key was rejected: check HEYGEN_API_KEY in your MCP client's config (get a key at https://app.heygen.com/settings?nav=API)." +
			" An OAuth access token (X-HeyGen-Access-Token) may have expired: send a fresh one.")
	case errors.Is(e, heygen.ErrPaymentRequired):
		b.WriteString(" The HeyGen account needs more credits or a higher plan: check get_account, then top up at https://app.heygen.com.")
	case errors.Is(e, heygen.ErrForbidden):
		b.WriteString(" The key is valid but not permitted to do this.")
	case errors.Is(e, heygen.ErrNotFound):
		b.WriteString(" Check the id: " + whereIDsAreListed(e.Path))
		info.SafeToRetry = true
	case e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity:
		b.WriteString(" Fix the named field and call again.")
	case e.StatusCode >= 500:
		if advice == "" {
			info.SafeToRetry = e.Method == http.MethodGet
			if info.SafeToRetry {
				b.WriteString(" HeyGen had a server error; retrying later is safe.")
			} else {
				b.WriteString(" HeyGen had a server error; the change may or may not have been applied: check with get_session before repeating it.")
			}
		}
	}
	if advice != "" {
		b.WriteString(" " + advice)
	}
	if e.DocURL != "" {
		fmt.Fprintf(&b, " Docs: %s.", e.DocURL)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " Request id: %s.", e.RequestID)
	}
	return info, b.String()
}

// whereIDsAreListed names the tool that lists valid ids for a HeyGen path;
// sessions and videos (the Video Agent's) are the default.
func whereIDsAreListed(path string) string {
	for _, p := range []struct{ prefix, where string }{
		{"/v3/voices", "list_voices lists voice ids."},
		{"/v3/avatars", "list_avatars lists look ids (list_avatar_groups group ids, in the avatars toolset)."},
		{"/v3/video-translations", "create_video_translation returns each video_translation_id."},
		{"/v3/brand-kits", "list_brand_kits lists brand kit ids."},
		{"/v3/assets", "upload_asset returns asset ids."},
	} {
		if strings.HasPrefix(path, p.prefix) {
			return p.where
		}
	}
	return "list_sessions lists session ids, list_session_videos a session's video ids."
}

// plural says "1 second", "2 seconds".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
