package tools

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/internal/creds"
)

// ErrorInfo is structuredContent.error of a failed tool call: the same facts
// as the text, in stable snake_case fields a program can branch on.
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

type errorEnvelope struct {
	Error ErrorInfo `json:"error"`
}

// retryAdviceError attaches tool-specific advice to a failure whose outcome
// at HeyGen is unknown (a create that may or may not have happened).
type retryAdviceError struct {
	err    error
	advice string
}

func (e *retryAdviceError) Error() string { return e.err.Error() }
func (e *retryAdviceError) Unwrap() error { return e.err }

// errorResult is the one place a handler error becomes an isError result.
func errorResult(err error) *mcp.CallToolResult {
	info, text := describeError(err)
	return &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(text)},
		StructuredContent: errorEnvelope{Error: info},
		IsError:           true,
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
		return ErrorInfo{Kind: "no_api_key", Message: creds.ErrNoAPIKey.Error()}, creds.ErrNoAPIKey.Error()

	case errors.As(err, &argE):
		text := argE.Error() + ". Nothing was sent to HeyGen; fix the argument and call again."
		return ErrorInfo{Kind: "invalid_argument", Message: argE.Message, Param: argE.Field}, text

	case errors.As(err, &valE):
		text := fmt.Sprintf("invalid argument %q: %s. Nothing was sent to HeyGen; fix the argument and call again.", valE.Param, valE.Message)
		return ErrorInfo{Kind: "invalid_argument", Message: valE.Message, Param: valE.Param}, text

	case errors.As(err, &apiE):
		return describeAPIError(apiE, advice)

	case errors.As(err, &replyE):
		info := ErrorInfo{Kind: "heygen_bad_reply", Message: replyE.Detail, SafeToRetry: advice == "", Sent: true}
		text := fmt.Sprintf("HeyGen answered %s %s with a reply that could not be read (decode reply: %s; body %q); "+
			"this is usually a proxy or a passing fault.", replyE.Method, replyE.Path, replyE.Detail, replyE.Body)
		if advice != "" {
			return info, text + " " + advice
		}
		return info, text + " Retrying is safe: try again in a minute."

	case errors.As(err, &transE):
		info := ErrorInfo{Kind: "heygen_unreachable", Message: transE.Err.Error(), SafeToRetry: transE.SafeToRetry && advice == "", Sent: true}
		var b strings.Builder
		fmt.Fprintf(&b, "HeyGen could not be reached (%s %s: %v).", transE.Method, transE.Path, transE.Err)
		switch {
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
		fmt.Fprintf(&b, ": %s", info.Message)
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
			fmt.Fprintf(&b, " Rate limited: wait %d seconds, then retry.", secs)
		} else {
			b.WriteString(" Rate limited: wait about a minute, then retry.")
		}
		// 429 means HeyGen rejected the request without starting work.
		info.SafeToRetry = true
	case errors.Is(e, heygen.ErrUnauthorized):
		b.WriteString(" The HeyGen API key was rejected: check HEYGEN_API_KEY in your MCP client's config (get a key at https://app.heygen.com/settings?nav=API).")
	case errors.Is(e, heygen.ErrPaymentRequired):
		b.WriteString(" The HeyGen account needs more credits or a higher plan: check get_account, then top up at https://app.heygen.com.")
	case errors.Is(e, heygen.ErrForbidden):
		b.WriteString(" The key is valid but not permitted to do this.")
	case errors.Is(e, heygen.ErrNotFound):
		b.WriteString(" Check the id: list_sessions lists session ids, list_session_videos a session's video ids.")
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
