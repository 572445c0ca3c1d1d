package sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/heygen-mcp/heygen-mcp/heygen"
)

// pageToken is the content of an opaque next_token: base64 of a small JSON
// object, like HeyGen's own (e.g. "eyJsYXN0X2lkIjoi…"). The list name
// stops a token of one list from being used on another.
type pageToken struct {
	List   string `json:"list"`
	LastID string `json:"last_id"`
	Offset int    `json:"offset"`
}

func encodeToken(t pageToken) string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s, list string) (pageToken, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return pageToken{}, false
	}
	var t pageToken
	if json.Unmarshal(b, &t) != nil || t.List != list || t.Offset < 0 {
		return pageToken{}, false
	}
	return t, true
}

// parseLimit reads ?limit= with the list's default and maximum.
func parseLimit(r *http.Request, def, maxLimit int) (int, *reply) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		rep := invalidParam("limit", fmt.Sprintf("limit must be an integer from 1 to %d, not %q.", maxLimit, v))
		return 0, &rep
	}
	return n, nil
}

// paginate answers one page of items (already filtered and ordered) with
// has_more/next_token as siblings of data. A page resumes after the last id it
// saw, so items added at the front meanwhile do not repeat; if that item is
// gone it falls back to the offset.
func paginate[T any](r *http.Request, list string, items []T, id func(T) string, def, maxLimit int) reply {
	limit, bad := parseLimit(r, def, maxLimit)
	if bad != nil {
		return *bad
	}
	start := 0
	if tok := r.URL.Query().Get("token"); tok != "" {
		t, ok := decodeToken(tok, list)
		if !ok {
			return invalidParam("token", "token is not a next_token returned by this list; start again without it.")
		}
		start = min(t.Offset, len(items))
		for i, it := range items {
			if id(it) == t.LastID {
				start = i + 1
				break
			}
		}
	}
	end := min(start+limit, len(items))
	page := heygen.Page[T]{Data: append([]T{}, items[start:end]...)}
	if end < len(items) {
		tok := encodeToken(pageToken{List: list, LastID: id(items[end-1]), Offset: end})
		page.HasMore, page.NextToken = true, &tok
	}
	return jsonReply(http.StatusOK, page)
}
