package heygen

import "context"

// GetCurrentUser returns the account behind the API key (a cheap key check):
// GET /v3/users/me.
func (c *Client) GetCurrentUser(ctx context.Context) (*User, error) {
	r := c.newGet("v3/users/me", nil)
	body, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeData[User](c, r, body)
}
