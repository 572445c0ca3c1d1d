package heygen

import "net/http"

// setCredential puts the client's one credential on a request: the API key as
// X-Api-Key, or the OAuth access token as "Authorization: Bearer <token>"
// (documented by HeyGen; HeyGen's CLI, internal/client/client.go applyHeaders, sends
// exactly one of the two and deletes the other). With neither, nothing is sent
// and HeyGen answers 401.
func (c *Client) setCredential(h http.Header) {
	switch {
	case c.apiKey != "":
		h.Set("X-Api-Key", c.apiKey)
	case c.accessToken != "":
		h.Set("Authorization", "Bearer "+c.accessToken)
	}
}
