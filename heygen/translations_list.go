package heygen

import "context"

// ListVideoTranslations lists the account's video translations, newest first
// (order inferred): GET /v3/video-translations; HeyGen's default limit is 10.
func (c *Client) ListVideoTranslations(ctx context.Context, opts *ListOptions) (*Page[VideoTranslation], error) {
	q, err := opts.query(MaxListLimit)
	if err != nil {
		return nil, err
	}
	return getPage[VideoTranslation](ctx, c, "v3/video-translations", q)
}
