package heygen

import "context"

// GetCurrentUser returns the account behind the API key (a cheap key check):
// GET /v3/users/me.
func (c *Client) GetCurrentUser(ctx context.Context) (*User, error) {
	return getData[User](ctx, c, "v3/users/me")
}
